/**
 * Field selectors (`fieldSelector=`): the label-selector grammar plus comparisons and partial
 * matching, checked against the kind's catalog so that only known fields, operators their type
 * allows, and well-formed values reach the store.
 */
import { validateQualifiedName } from '../common/names.js';
import { badRequest, type ApiError } from '../common/status.js';
import { parseRequirements, plainRequirement, type BinaryOperator, type Located } from './grammar.js';
import { SelectorLexer } from './lexer.js';
import type { FieldCatalog, FieldOperator, FieldRequirement, FieldType, SelectableField } from './types.js';

const BINARY_OPERATORS: readonly BinaryOperator[] = [
  '=',
  '==',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'notin',
  'contains',
  'notcontains',
];

const EQUALITY: readonly FieldOperator[] = ['=', '==', '!=', 'in', 'notin', 'exists', '!'];
const ORDERED: readonly FieldOperator[] = [...EQUALITY, '>', '>=', '<', '<='];
const PARTIAL: readonly FieldOperator[] = ['contains', 'notcontains'];

const OPERATORS_BY_TYPE: Record<FieldType, readonly FieldOperator[]> = {
  string: [...EQUALITY, ...PARTIAL],
  timestamp: ORDERED,
  number: ORDERED,
  boolean: EQUALITY,
  array: [...PARTIAL, 'in', 'notin', 'exists', '!'],
};

/** The operators a field accepts; JSON-backed strings cannot be partially matched, as upstream. */
export function fieldOperators(field: SelectableField): readonly FieldOperator[] {
  if (field.type === 'string' && field.jsonb) return EQUALITY;
  return OPERATORS_BY_TYPE[field.type];
}

/** Go's strconv.ParseBool spellings, which upstream accepts; normalised to `true`/`false`. */
const TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];
const FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/** RFC 3339 with real calendar dates (no 30 February), as Go's time.Parse(time.RFC3339, …) checks. */
export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[8] === 'Z' || (Number(m[9]) < 24 && Number(m[10]) < 60);
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60 && offsetOk
  );
}

/** A problem with a value for this field and operator, or the value as the store should see it. */
function checkValue(
  field: SelectableField,
  operator: FieldOperator,
  value: string,
): { error: string } | { value: string } {
  switch (field.type) {
    case 'timestamp':
      return isRfc3339(value) ? { value } : { error: 'expected an RFC 3339 timestamp such as 2024-01-02T15:04:05Z' };
    case 'number':
      return NUMBER.test(value) ? { value } : { error: 'expected a number' };
    case 'boolean':
      if (TRUE.includes(value)) return { value: 'true' };
      return FALSE.includes(value) ? { value: 'false' } : { error: 'expected true or false' };
    case 'string':
      return PARTIAL.includes(operator) && value.includes('%')
        ? { error: "partial match strings cannot contain '%' characters" }
        : { value };
    case 'array':
      return { value };
  }
}

/** The error upstream gives for a name the kind does not support; lists the supported names sorted, Go-style. */
export function unsupportedSelectorError(name: string, supported: Iterable<string>): ApiError {
  const names = [...supported].sort();
  return badRequest(
    `unknown or unsupported selector: unable to resolve selector name ${JSON.stringify(name)}. Supported selectors are: [${names.join(' ')}]`,
  );
}

/** Parses e.g. `metadata.owner=Fleet/f1,status.summary.status in (Online,Degraded)` against a kind's catalog. */
export function parseFieldSelector(input: string, catalog: FieldCatalog): FieldRequirement[] {
  const lexer = new SelectorLexer(input, 'failed to parse field selector');
  const parsed = parseRequirements(lexer, BINARY_OPERATORS);
  for (const { key } of parsed) {
    const errors = validateQualifiedName(key.text);
    if (errors.length > 0) lexer.fail(`invalid key ${JSON.stringify(key.text)}`, key.position, errors.join('; '));
  }
  return parsed.map((requirement) => {
    const name = requirement.key.text;
    const field = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
    if (!field) throw unsupportedSelectorError(name, Object.keys(catalog));
    const allowed = fieldOperators(field);
    if (!allowed.includes(requirement.operator)) {
      const kind = field.jsonb ? `JSON-backed ${field.type}` : field.type;
      lexer.fail(
        `unsupported operator ${JSON.stringify(requirement.operator)} for selector ${JSON.stringify(name)}`,
        requirement.operatorPosition,
        `${kind} fields allow only ${allowed.join(', ')}`,
      );
    }
    const values = requirement.values.map((value: Located): Located => {
      const checked = checkValue(field, requirement.operator, value.text);
      if ('error' in checked)
        return lexer.fail(
          `invalid value ${JSON.stringify(value.text)} for selector ${JSON.stringify(name)}`,
          value.position,
          checked.error,
        );
      return { text: checked.value, position: value.position };
    });
    return plainRequirement({ ...requirement, values });
  });
}
