import { describe, expect, it } from 'vitest';
import { fieldOperators, isRfc3339, parseFieldSelector, unsupportedSelectorError } from './field-selector.js';
import { FIELD_CATALOGS } from './fields.js';
import type { FieldCatalog } from './types.js';

const catalog: FieldCatalog = {
  'metadata.name': { type: 'string' },
  'metadata.creationTimestamp': { type: 'timestamp' },
  'status.summary.status': { type: 'string', jsonb: true },
  'status.approval.approved': { type: 'boolean', jsonb: true },
  'spec.replicas': { type: 'number', jsonb: true },
  'spec.tags': { type: 'array' },
};

const parse = (input: string) => parseFieldSelector(input, catalog);

/** Asserts a 400 whose message is exactly `message` (or matches it). */
function expectRejected(input: string, message: string | RegExp) {
  expect(() => parse(input)).toThrow(
    expect.objectContaining({
      code: 400,
      message: typeof message === 'string' ? message : expect.stringMatching(message),
    }),
  );
}

describe('parseFieldSelector', () => {
  it('selects everything for an empty selector', () => {
    expect(parse('')).toEqual([]);
    expect(parse('   ')).toEqual([]);
  });

  it.each([
    ['metadata.name=a', '=', ['a']],
    ['metadata.name==a', '==', ['a']],
    ['metadata.name!=a', '!=', ['a']],
    ['metadata.name in (a,b)', 'in', ['a', 'b']],
    ['metadata.name notin (a,b)', 'notin', ['a', 'b']],
    ['metadata.name contains a', 'contains', ['a']],
    ['metadata.name notcontains a', 'notcontains', ['a']],
    ['metadata.name', 'exists', []],
    ['!metadata.name', '!', []],
  ])('parses the string operator in %s', (input, operator, values) => {
    expect(parse(input)).toEqual([{ key: 'metadata.name', operator, values }]);
  });

  it.each(['>', '>=', '<', '<=', '=', '!='])('compares timestamps with %s', (operator) => {
    expect(parse(`metadata.creationTimestamp${operator}2024-01-02T03:04:05Z`)).toEqual([
      { key: 'metadata.creationTimestamp', operator, values: ['2024-01-02T03:04:05Z'] },
    ]);
  });

  it('compares numbers', () => {
    expect(parse('spec.replicas>=3,spec.replicas<1.5e2,spec.replicas in (-1, .5)')).toEqual([
      { key: 'spec.replicas', operator: '>=', values: ['3'] },
      { key: 'spec.replicas', operator: '<', values: ['1.5e2'] },
      { key: 'spec.replicas', operator: 'in', values: ['-1', '.5'] },
    ]);
  });

  it('accepts the boolean spellings upstream accepts, normalised', () => {
    expect(parse('status.approval.approved=True,status.approval.approved notin (0, f)')).toEqual([
      { key: 'status.approval.approved', operator: '=', values: ['true'] },
      { key: 'status.approval.approved', operator: 'notin', values: ['false'] },
    ]);
  });

  it('allows partial matching and set membership on arrays', () => {
    expect(parse('spec.tags contains a,spec.tags notin (b,c),!spec.tags')).toEqual([
      { key: 'spec.tags', operator: 'contains', values: ['a'] },
      { key: 'spec.tags', operator: 'notin', values: ['b', 'c'] },
      { key: 'spec.tags', operator: '!', values: [] },
    ]);
  });

  it('allows whitespace around operators and between requirements', () => {
    expect(parse('  metadata.name  !=  a ,  spec.replicas > 2 ,! status.summary.status ')).toEqual([
      { key: 'metadata.name', operator: '!=', values: ['a'] },
      { key: 'spec.replicas', operator: '>', values: ['2'] },
      { key: 'status.summary.status', operator: '!', values: [] },
    ]);
  });

  it('resolves escapes in values and keeps operator characters in values', () => {
    expect(parse('metadata.name=a\\,b\\(c\\)d\\\\e\\ f,metadata.name!=x=y!z')).toEqual([
      { key: 'metadata.name', operator: '=', values: ['a,b(c)d\\e f'] },
      { key: 'metadata.name', operator: '!=', values: ['x=y!z'] },
    ]);
    expect(parse('metadata.name in (a\\,b, c)')).toEqual([
      { key: 'metadata.name', operator: 'in', values: ['a,b', 'c'] },
    ]);
  });

  it('accepts owners and offsets that contain operator-like characters', () => {
    expect(parseFieldSelector('metadata.owner=Fleet/f1', FIELD_CATALOGS.Device)).toEqual([
      { key: 'metadata.owner', operator: '=', values: ['Fleet/f1'] },
    ]);
    expect(parse('metadata.creationTimestamp<=2024-01-02T03:04:05.123+02:00')).toEqual([
      { key: 'metadata.creationTimestamp', operator: '<=', values: ['2024-01-02T03:04:05.123+02:00'] },
    ]);
  });

  it('rejects an unknown field with upstream message and the sorted list of supported names', () => {
    expectRejected(
      'metadata.name=a,foo=bar',
      'unknown or unsupported selector: unable to resolve selector name "foo". Supported selectors are: [metadata.creationTimestamp metadata.name spec.replicas spec.tags status.approval.approved status.summary.status]',
    );
    expect(() => parseFieldSelector('metadata.labels.env=x', FIELD_CATALOGS.Event)).toThrow(
      'unknown or unsupported selector: unable to resolve selector name "metadata.labels.env". Supported selectors are: [actor involvedObject.kind involvedObject.name metadata.creationTimestamp metadata.name metadata.owner reason type]',
    );
    expectRejected('constructor=x', /unable to resolve selector name "constructor"/);
  });

  it('rejects operators the field type does not allow, naming both', () => {
    expectRejected(
      'metadata.name>a',
      'failed to parse field selector: unsupported operator ">" for selector "metadata.name" at position 13 in "metadata.name>a": string fields allow only =, ==, !=, in, notin, exists, !, contains, notcontains',
    );
    expectRejected(
      'status.summary.status contains On',
      'failed to parse field selector: unsupported operator "contains" for selector "status.summary.status" at position 22 in "status.summary.status contains On": JSON-backed string fields allow only =, ==, !=, in, notin, exists, !',
    );
    expectRejected('status.summary.status notcontains On', /unsupported operator "notcontains"/);
    expectRejected(
      'metadata.creationTimestamp contains 2024',
      /unsupported operator "contains" for selector "metadata.creationTimestamp"/,
    );
    expectRejected(
      'status.approval.approved>true',
      /unsupported operator ">" .*: JSON-backed boolean fields allow only =, ==, !=, in, notin, exists, !$/,
    );
    expectRejected(
      'spec.tags=a',
      /unsupported operator "=" for selector "spec.tags" .*: array fields allow only contains, notcontains, in, notin, exists, !$/,
    );
  });

  it('checks values against the field type, pointing at the value', () => {
    expectRejected(
      'metadata.creationTimestamp>yesterday',
      'failed to parse field selector: invalid value "yesterday" for selector "metadata.creationTimestamp" at position 27 in "metadata.creationTimestamp>yesterday": expected an RFC 3339 timestamp such as 2024-01-02T15:04:05Z',
    );
    expectRejected(
      'metadata.creationTimestamp in (2024-01-01T00:00:00Z, 2024-13-01T00:00:00Z)',
      /invalid value "2024-13-01T00:00:00Z" .* at position 53/,
    );
    expectRejected('spec.replicas<ten', /invalid value "ten" for selector "spec.replicas" .*: expected a number$/);
    expectRejected('status.approval.approved=yes', /invalid value "yes" .*: expected true or false$/);
    expectRejected('status.approval.approved=constructor', /invalid value "constructor" .*: expected true or false$/);
    expect(parse('metadata.name=')).toEqual([{ key: 'metadata.name', operator: '=', values: [''] }]);
  });

  it("forbids '%' in partial matches, as upstream does", () => {
    expectRejected(
      'metadata.name contains 50%',
      'failed to parse field selector: invalid value "50%" for selector "metadata.name" at position 23 in "metadata.name contains 50%": partial match strings cannot contain \'%\' characters',
    );
    expect(parse('metadata.name=50%')).toEqual([{ key: 'metadata.name', operator: '=', values: ['50%'] }]);
  });

  it('reports syntax errors before unknown fields', () => {
    expectRejected(
      'foo=bar,metadata.name in (a',
      'failed to parse field selector: unexpected end of input at position 27 in "foo=bar,metadata.name in (a": expected "," or ")"',
    );
  });

  it('validates keys as qualified names', () => {
    expectRejected(
      'metadata.name=a,.bad=x',
      /^failed to parse field selector: invalid key "\.bad" at position 16 in "metadata.name=a,\.bad=x": name part must consist/,
    );
  });
});

describe('fieldOperators', () => {
  it('lists what each type allows', () => {
    expect(fieldOperators({ type: 'string' })).toEqual([
      '=',
      '==',
      '!=',
      'in',
      'notin',
      'exists',
      '!',
      'contains',
      'notcontains',
    ]);
    expect(fieldOperators({ type: 'string', jsonb: true })).toEqual(['=', '==', '!=', 'in', 'notin', 'exists', '!']);
    expect(fieldOperators({ type: 'timestamp' })).toEqual([
      '=',
      '==',
      '!=',
      'in',
      'notin',
      'exists',
      '!',
      '>',
      '>=',
      '<',
      '<=',
    ]);
    expect(fieldOperators({ type: 'number' })).toEqual(fieldOperators({ type: 'timestamp' }));
    expect(fieldOperators({ type: 'boolean' })).toEqual(['=', '==', '!=', 'in', 'notin', 'exists', '!']);
    expect(fieldOperators({ type: 'array' })).toEqual(['contains', 'notcontains', 'in', 'notin', 'exists', '!']);
  });
});

describe('isRfc3339', () => {
  it.each([
    '2024-01-02T03:04:05Z',
    '2024-02-29T23:59:59.999999999Z',
    '2024-01-02T03:04:05-07:30',
    '1999-12-31T00:00:00+00:00',
  ])('accepts %s', (value) => expect(isRfc3339(value)).toBe(true));

  it.each([
    '2024-01-02',
    '2024-01-02 03:04:05Z',
    '2024-01-02t03:04:05Z',
    '2024-01-02T03:04:05',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2024-01-02T24:00:00Z',
    '2024-01-02T23:60:00Z',
    '2024-01-02T23:59:60Z',
    '2024-01-02T03:04:05+24:00',
    '2024-01-02T03:04:05.Z',
  ])('rejects %s', (value) => expect(isRfc3339(value)).toBe(false));
});

describe('unsupportedSelectorError', () => {
  it('formats the list like Go prints a string slice', () => {
    const e = unsupportedSelectorError('x', ['b', 'a', 'C']);
    expect(e.code).toBe(400);
    expect(e.message).toBe(
      'unknown or unsupported selector: unable to resolve selector name "x". Supported selectors are: [C a b]',
    );
  });
});
