import { describe, expect, it } from 'vitest';
import { checkTemplatable, hasTemplateParams, templateParamProblems } from './template-params.js';

describe('templateParamProblems', () => {
  it.each([
    'plain text',
    '{{ .metadata.name }}',
    '{{.metadata.labels.zone}}-{{ upper .metadata.name }}',
    '{{ index .metadata.labels "app.kubernetes.io/name" }}',
    '{{ getOrDefault .metadata.labels "site" "default" }}',
    '{{ replace "-" "_" .metadata.name | lower }}',
    '{{ if eq .metadata.labels.env "prod" }}a{{ else if .metadata.labels.env }}b{{ else }}c{{ end }}',
    '{{ with .metadata.labels }}{{ .zone }}{{ end }}',
    '{{- $.metadata.name -}}',
    '{{/* a comment with .anything */}}',
    '{{ printf "%s}}" .metadata.name }}',
  ])('accepts %s', (value) => {
    expect(templateParamProblems(value)).toEqual([]);
  });

  it.each([
    ['{{ .metadata.name', 'unclosed action: missing "}}"'],
    ['{{ }}', 'empty action'],
    ['{{ .spec.os }}', 'cannot reference ".spec.os": only .metadata.name and .metadata.labels are available'],
    [
      '{{ .metadata.labels.a.b }}',
      'cannot reference ".metadata.labels.a.b": only .metadata.name and .metadata.labels are available',
    ],
    ['{{ $.status }}', 'cannot reference ".status": only .metadata.name and .metadata.labels are available'],
    ['{{ exec "rm" }}', 'function "exec" not defined'],
    ['{{ range .metadata.labels }}{{ end }}', '"range" is not supported'],
    ['{{ end }}', 'unexpected {{end}}'],
    ['{{ else }}', 'unexpected {{else}}'],
    ['{{ if }}{{ end }}', 'missing value for if'],
    ['{{ if .metadata.name }}x', 'unclosed {{if}}'],
  ])('rejects %s', (value, problem) => {
    expect(templateParamProblems(value)).toContain(problem);
  });

  it('limits nesting to 10 levels', () => {
    const nested = (n: number) => '{{ if .metadata.name }}'.repeat(n) + '{{ end }}'.repeat(n);
    expect(templateParamProblems(nested(10))).toEqual([]);
    expect(templateParamProblems(nested(11))).toEqual(['nesting deeper than 10 levels']);
  });
});

describe('checkTemplatable', () => {
  const mustBeAbsolute = (v: string) => (v.startsWith('/') ? [] : ['must be absolute']);

  it('applies the plain check outside fleet templates, even to templates', () => {
    expect(hasTemplateParams('{{ .metadata.name }}')).toBe(true);
    expect(checkTemplatable('{{ .metadata.name }}', 'p', false, mustBeAbsolute)).toEqual([
      { path: 'p', message: 'must be absolute' },
    ]);
  });

  it('checks template syntax, then the templated format, in fleet templates', () => {
    expect(checkTemplatable('{{ .metadata.name }}', 'p', true, mustBeAbsolute)).toEqual([]);
    expect(checkTemplatable('{{ .nope }}', 'p', true, mustBeAbsolute)).toHaveLength(1);
    expect(checkTemplatable('{{ .metadata.name }}', 'p', true, mustBeAbsolute, () => ['templated'])).toEqual([
      { path: 'p', message: 'templated' },
    ]);
    expect(checkTemplatable('relative', 'p', true, mustBeAbsolute)).toEqual([
      { path: 'p', message: 'must be absolute' },
    ]);
  });
});
