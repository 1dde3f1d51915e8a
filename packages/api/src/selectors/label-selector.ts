/**
 * Label selectors: the `labelSelector` query string, the object form of Fleet and batch selectors,
 * and the canonical string form CLIs print. All three produce or consume `LabelRequirement`s.
 */
import { validateLabelValue, validateQualifiedName } from '../common/names.js';
import type { LabelSelector, MatchExpression } from '../common/meta.js';
import { badRequest } from '../common/status.js';
import { parseRequirements, plainRequirement, type Located } from './grammar.js';
import { SelectorLexer } from './lexer.js';
import type { LabelOperator, LabelRequirement } from './types.js';

const BINARY_OPERATORS = ['=', '==', '!=', 'in', 'notin'] as const satisfies readonly LabelOperator[];

/** Parses `env=prod,tier in (a,b),!legacy`; the empty string selects everything. */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const lexer = new SelectorLexer(input, 'failed to parse label selector');
  const check = (item: Located, what: string, validate: (s: string) => string[]) => {
    const errors = validate(item.text);
    if (errors.length > 0) lexer.fail(`invalid ${what} ${JSON.stringify(item.text)}`, item.position, errors.join('; '));
  };
  return parseRequirements(lexer, BINARY_OPERATORS).map((parsed) => {
    check(parsed.key, 'key', validateQualifiedName);
    for (const value of parsed.values) check(value, 'value', validateLabelValue);
    return plainRequirement(parsed);
  });
}

const EXPRESSION_OPERATORS: Record<MatchExpression['operator'], LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** Converts the object form (matchLabels AND matchExpressions), validating keys and values as the string form does. */
export function labelSelectorFromObject(selector: LabelSelector): LabelRequirement[] {
  const fromLabels = Object.entries(selector.matchLabels ?? {}).map(([key, value]) =>
    checkedRequirement('matchLabels', { key, operator: '=', values: [value] }),
  );
  const fromExpressions = (selector.matchExpressions ?? []).map((expression, i) => {
    const path = `matchExpressions[${i}]`;
    const values = expression.values ?? [];
    const listed = expression.operator === 'In' || expression.operator === 'NotIn';
    if (listed && values.length === 0)
      throw invalidObject(`${path}.values`, `must be non-empty for operator ${expression.operator}`);
    if (!listed && values.length > 0)
      throw invalidObject(`${path}.values`, `must be empty for operator ${expression.operator}`);
    return checkedRequirement(path, {
      key: expression.key,
      operator: EXPRESSION_OPERATORS[expression.operator],
      values: [...new Set(values)],
    });
  });
  return [...fromLabels, ...fromExpressions];
}

function checkedRequirement(path: string, requirement: LabelRequirement): LabelRequirement {
  const keyErrors = validateQualifiedName(requirement.key);
  if (keyErrors.length > 0)
    throw invalidObject(path, `invalid key ${JSON.stringify(requirement.key)}: ${keyErrors.join('; ')}`);
  for (const value of requirement.values) {
    const valueErrors = validateLabelValue(value);
    if (valueErrors.length > 0)
      throw invalidObject(path, `invalid value ${JSON.stringify(value)}: ${valueErrors.join('; ')}`);
  }
  return requirement;
}

const invalidObject = (path: string, message: string) => badRequest(`invalid label selector: ${path}: ${message}`);

/**
 * The canonical string form (`a=1,b in (x,y),!c`): requirements sorted by key and values sorted,
 * as Kubernetes prints selectors, so equal selectors print equally. Parses back to the same requirements.
 */
export function formatLabelSelector(requirements: readonly LabelRequirement[]): string {
  return [...requirements]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ key, operator, values }) => {
      const sorted = [...values].sort();
      switch (operator) {
        case 'exists':
          return key;
        case '!':
          return `!${key}`;
        case 'in':
        case 'notin':
          return `${key} ${operator} (${sorted.join(',')})`;
        default:
          return `${key}${operator}${sorted[0] ?? ''}`;
      }
    })
    .join(',');
}
