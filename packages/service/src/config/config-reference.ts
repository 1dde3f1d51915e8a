/**
 * The configuration reference (docs/configuration.md), generated from the config schema so the two
 * cannot drift: config-reference.test.ts fails when the checked-in file is stale.
 */
import { fileURLToPath } from 'node:url';
import { Config, UPSTREAM_SECTIONS } from './config-schema.js';
import { DURATION_PATTERN } from './duration.js';
import { ENV_OVERRIDES } from './load-config.js';

/** docs/configuration.md of the repository (same depth from src/ and dist/). */
export const CONFIG_REFERENCE_PATH = fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url));

/** The JSON Schema view of a TypeBox schema, as far as the reference reads it. */
interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
  items?: SchemaNode;
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
}

interface Section {
  /** Dotted path of the object, empty for the top level. */
  path: string;
  rows: string[][];
}

const code = (text: string) => `\`${text}\``;

// Table cells: a pipe would end the cell, and <word> would be read as an HTML tag.
const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '\\<');

function typeName(s: SchemaNode): string {
  if (s.anyOf?.every((option) => 'const' in option)) return s.anyOf.map((o) => code(String(o.const))).join(', ');
  if (s.type === 'string' && s.pattern === DURATION_PATTERN) return 'duration';
  if (s.type === 'array') return `${typeName(s.items ?? {})} list`;
  if (s.minimum !== undefined && s.maximum !== undefined) return `${s.type}, ${s.minimum} to ${s.maximum}`;
  if (s.minimum !== undefined) return `${s.type}, min ${s.minimum}`;
  return s.type ?? 'any';
}

/** One section per object in the schema, in schema order; upstream's placeholder sections are left out. */
function sections(schema: SchemaNode, path = ''): Section[] {
  const rows: string[][] = [];
  const nested: Section[] = [];
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    const dotted = path ? `${path}.${key}` : key;
    if (s.properties) nested.push(...sections(s, dotted));
    else if (!(UPSTREAM_SECTIONS as readonly string[]).includes(dotted)) {
      const defaultValue = s.default === undefined ? '' : code(JSON.stringify(s.default));
      rows.push([code(dotted), typeName(s), defaultValue, escapeCell(s.description ?? '')]);
    }
  }
  return [...(rows.length > 0 ? [{ path, rows }] : []), ...nested];
}

/** A Markdown table with padded columns, as Prettier formats it, so `prettier --check` accepts the file. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function configReferenceMarkdown(): string {
  const envRows = Object.entries(ENV_OVERRIDES).map(([name, { path, type }]) => [code(name), code(path), type]);
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from packages/service/src/config/config-schema.ts by `npm run docs:config`; do not edit. -->',
    '',
    'The service reads one YAML file: the one given with `--config FILE`, else `$FLIGHTCTL_CONFIG`, else',
    '`~/.flightctl/config.yaml` if it exists. Every value comes from, in increasing precedence: the default',
    "listed below, the file, the environment variables at the end. Keys follow upstream Flight Control's",
    '`config.yaml` where they apply; those marked "(ours)" are additions. An unknown key or a bad value',
    'stops the service with the file, line and key.',
    ...sections(Config as SchemaNode).flatMap(({ path, rows }) => [
      '',
      `## ${path ? code(path) : 'Top level'}`,
      '',
      ...table(['key', 'type', 'default', 'description'], rows),
    ]),
    '',
    '## Environment variables',
    '',
    'Each overrides one key. Booleans take `true`, `false`, `1` or `0`.',
    '',
    ...table(['variable', 'key', 'type'], envRows),
    '',
    '## Upstream sections not used yet',
    '',
    "These sections of upstream's `config.yaml` are accepted, so an upstream file loads unchanged, and",
    'ignored by this version (the service logs which ones it skipped):',
    '',
    ...UPSTREAM_SECTIONS.map((s) => `- ${code(s)}`),
    '',
  ].join('\n');
}
