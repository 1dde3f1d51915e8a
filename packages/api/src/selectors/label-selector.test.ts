import { describe, expect, it } from 'vitest';
import { ApiError } from '../common/status.js';
import { formatLabelSelector, labelSelectorFromObject, parseLabelSelector } from './label-selector.js';

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const parseError = (input: string) => errorOf(() => parseLabelSelector(input));

describe('parseLabelSelector', () => {
  it('selects everything for an empty or blank selector', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('  \t')).toEqual([]);
  });

  it.each([
    ['env=prod', { key: 'env', operator: '=', values: ['prod'] }],
    ['env==prod', { key: 'env', operator: '==', values: ['prod'] }],
    ['env!=prod', { key: 'env', operator: '!=', values: ['prod'] }],
    ['env in (a,b)', { key: 'env', operator: 'in', values: ['a', 'b'] }],
    ['env notin (a,b)', { key: 'env', operator: 'notin', values: ['a', 'b'] }],
    ['env', { key: 'env', operator: 'exists', values: [] }],
    ['!env', { key: 'env', operator: '!', values: [] }],
  ])('parses %s', (input, requirement) => {
    expect(parseLabelSelector(input)).toEqual([requirement]);
  });

  it('ANDs comma-separated requirements, with whitespace allowed around operators', () => {
    expect(parseLabelSelector(' env = prod ,  tier in ( a , b ) , ! legacy , gpu ')).toEqual([
      { key: 'env', operator: '=', values: ['prod'] },
      { key: 'tier', operator: 'in', values: ['a', 'b'] },
      { key: 'legacy', operator: '!', values: [] },
      { key: 'gpu', operator: 'exists', values: [] },
    ]);
  });

  it('accepts prefixed keys and values with dots, dashes and underscores', () => {
    expect(parseLabelSelector('example.com/tier=a.b-c_d')).toEqual([
      { key: 'example.com/tier', operator: '=', values: ['a.b-c_d'] },
    ]);
  });

  it('treats omitted values as empty, as Kubernetes does', () => {
    expect(parseLabelSelector('a=,b!=')).toEqual([
      { key: 'a', operator: '=', values: [''] },
      { key: 'b', operator: '!=', values: [''] },
    ]);
    expect(parseLabelSelector('a in ()')).toEqual([{ key: 'a', operator: 'in', values: [''] }]);
    expect(parseLabelSelector('a notin (x,,y,)')).toEqual([{ key: 'a', operator: 'notin', values: ['x', '', 'y'] }]);
  });

  it('drops repeated values', () => {
    expect(parseLabelSelector('a in (x,y,x)')).toEqual([{ key: 'a', operator: 'in', values: ['x', 'y'] }]);
  });

  it('reads operator words in value position as values', () => {
    expect(parseLabelSelector('a in (in,notin),b=in')).toEqual([
      { key: 'a', operator: 'in', values: ['in', 'notin'] },
      { key: 'b', operator: '=', values: ['in'] },
    ]);
  });

  it('returns 400 for syntax errors, naming the token and its position', () => {
    const e = parseError('env in (a');
    expect(e.code).toBe(400);
    expect(e.message).toBe(
      'failed to parse label selector: unexpected end of input at position 9 in "env in (a": expected "," or ")"',
    );
    expect(parseError('env in a').message).toBe(
      'failed to parse label selector: unexpected "a" at position 7 in "env in a": expected "("',
    );
    expect(parseError('env=a b').message).toBe(
      'failed to parse label selector: unexpected "b" at position 6 in "env=a b": expected "," or end of input',
    );
    expect(parseError('a,').message).toBe(
      'failed to parse label selector: unexpected end of input at position 2 in "a,": expected a key',
    );
    expect(parseError(',a').message).toBe(
      'failed to parse label selector: unexpected "," at position 0 in ",a": expected a key',
    );
    expect(parseError('!=a').message).toBe(
      'failed to parse label selector: unexpected "!=" at position 0 in "!=a": expected a key',
    );
    expect(parseError('a in (b))').message).toBe(
      'failed to parse label selector: unexpected ")" at position 8 in "a in (b))": expected "," or end of input',
    );
  });

  it('rejects field-selector operators', () => {
    expect(parseError('replicas>1').message).toBe(
      'failed to parse label selector: unexpected ">" at position 8 in "replicas>1": expected one of =, ==, !=, in, notin, "," or end of input',
    );
    expect(parseError('name contains x').message).toBe(
      'failed to parse label selector: unexpected "contains" at position 5 in "name contains x": expected one of =, ==, !=, in, notin, "," or end of input',
    );
  });

  it('validates keys as qualified names', () => {
    expect(parseError('a=1,-bad=x').message).toBe(
      "failed to parse label selector: invalid key \"-bad\" at position 4 in \"a=1,-bad=x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
    expect(parseError('a/b/c').message).toMatch(/^failed to parse label selector: invalid key "a\/b\/c" at position 0/);
    expect(parseError('Bad_Prefix/x').message).toMatch(/invalid key "Bad_Prefix\/x" at position 0 .*: prefix part/);
  });

  it('validates values as label values', () => {
    expect(parseError('a in (ok,no way)').message).toBe(
      'failed to parse label selector: unexpected "way" at position 12 in "a in (ok,no way)": expected "," or ")"',
    );
    expect(parseError('a in (ok,-x)').message).toBe(
      "failed to parse label selector: invalid value \"-x\" at position 9 in \"a in (ok,-x)\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
    expect(parseError(`a=${'v'.repeat(64)}`).message).toMatch(
      /invalid value "v{64}" at position 2 .*: must be no more than 63 characters/,
    );
    expect(parseError('a=b\\,c').message).toMatch(/^failed to parse label selector: invalid value "b,c" at position 2/);
  });
});

describe('labelSelectorFromObject', () => {
  it('turns matchLabels into equalities and matchExpressions into their operators', () => {
    expect(
      labelSelectorFromObject({
        matchLabels: { env: 'prod', tier: 'web' },
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a', 'b', 'a'] },
          { key: 'rack', operator: 'NotIn', values: ['r1'] },
          { key: 'gpu', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ],
      }),
    ).toEqual([
      { key: 'env', operator: '=', values: ['prod'] },
      { key: 'tier', operator: '=', values: ['web'] },
      { key: 'zone', operator: 'in', values: ['a', 'b'] },
      { key: 'rack', operator: 'notin', values: ['r1'] },
      { key: 'gpu', operator: 'exists', values: [] },
      { key: 'legacy', operator: '!', values: [] },
    ]);
  });

  it('rejects value lists that do not fit the operator', () => {
    expect(errorOf(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In' }] })).message).toBe(
      'invalid label selector: matchExpressions[0].values: must be non-empty for operator In',
    );
    expect(
      errorOf(() =>
        labelSelectorFromObject({
          matchExpressions: [
            { key: 'a', operator: 'Exists' },
            { key: 'b', operator: 'DoesNotExist', values: ['x'] },
          ],
        }),
      ).message,
    ).toBe('invalid label selector: matchExpressions[1].values: must be empty for operator DoesNotExist');
  });

  it('validates keys and values', () => {
    const badKey = errorOf(() => labelSelectorFromObject({ matchLabels: { 'a b': 'x' } }));
    expect(badKey.code).toBe(400);
    expect(badKey.message).toMatch(/^invalid label selector: matchLabels: invalid key "a b": name part must consist/);
    expect(
      errorOf(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x y'] }] }))
        .message,
    ).toMatch(/^invalid label selector: matchExpressions\[0\]: invalid value "x y": a valid label must/);
  });
});

describe('formatLabelSelector', () => {
  it('prints every operator in canonical order', () => {
    expect(
      formatLabelSelector([
        { key: 'z', operator: 'in', values: ['b', 'a'] },
        { key: 'y', operator: '!', values: [] },
        { key: 'x', operator: 'exists', values: [] },
        { key: 'c', operator: 'notin', values: ['q'] },
        { key: 'b', operator: '!=', values: ['2'] },
        { key: 'a', operator: '==', values: ['1'] },
        { key: 'a0', operator: '=', values: [''] },
      ]),
    ).toBe('a==1,a0=,b!=2,c notin (q),x,!y,z in (a,b)');
  });

  it('prints nothing for no requirements', () => {
    expect(formatLabelSelector([])).toBe('');
  });

  it('round-trips through the parser', () => {
    const text = 'env=prod,example.com/tier in (a,b),!legacy,gpu,zone notin (x)';
    const formatted = formatLabelSelector(parseLabelSelector(text));
    expect(formatted).toBe('env=prod,example.com/tier in (a,b),gpu,!legacy,zone notin (x)');
    expect(formatLabelSelector(parseLabelSelector(formatted))).toBe(formatted);
  });
});
