/**
 * Parsed selectors → SQL conditions (service.md §2.5). User values are always bound parameters;
 * only operators and casts from fixed tables reach the SQL text. Negative operators match rows
 * where the key or column is missing, as upstream does.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  unsupportedSelectorError,
  type FieldOperator,
  type FieldRequirement,
  type FieldType,
  type LabelRequirement,
} from '@flightctl/api';

/** What a selector name maps to: its type and one expression, or several that are ORed (`metadata.nameOrAlias`). */
export interface SelectableColumn {
  type: FieldType;
  sql: SQL | SQL[];
}
export type SelectableColumns = Readonly<Record<string, SelectableColumn>>;

const all = (parts: SQL[]): SQL => (parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` AND `)})`);
const any = (parts: SQL[]): SQL => (parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` OR `)})`);

/** Containment is what the GIN index on labels answers; the object is a bound parameter. */
const labelsContain = (labels: SQL | AnyPgColumn, pairs: Record<string, string>) =>
  sql`${labels} @> ${JSON.stringify(pairs)}::jsonb`;

/** Rows without labels, or without the key, match a negative requirement. */
const labelsNot = (labels: SQL | AnyPgColumn, positive: SQL) => sql`(${labels} IS NULL OR NOT (${positive}))`;

function labelRequirementSql(labels: SQL | AnyPgColumn, { key, operator, values }: LabelRequirement): SQL {
  const hasKey = sql`${labels} ? ${key}`;
  const hasValue = () => any(values.map((value) => labelsContain(labels, { [key]: value })));
  switch (operator) {
    case 'exists':
      return hasKey;
    case '!':
      return labelsNot(labels, hasKey);
    case '!=':
    case 'notin':
      return labelsNot(labels, hasValue());
    default:
      return hasValue();
  }
}

/**
 * ANDs the requirements over a JSONB labels column (or expression). All single-valued equalities
 * go into one `labels @> '{"k1":"v1","k2":"v2"}'` so the GIN index serves them in one probe.
 */
export function labelSelectorSql(
  requirements: readonly LabelRequirement[],
  labels: SQL | AnyPgColumn,
): SQL | undefined {
  const equalities = new Map<string, string>();
  const others: SQL[] = [];
  for (const requirement of requirements) {
    const { key, operator, values } = requirement;
    const single = operator === '=' || operator === '==' || (operator === 'in' && values.length === 1);
    // A second value for the same key cannot join the object; as its own term it makes the AND fail, as it should.
    if (single && !equalities.has(key)) equalities.set(key, values[0]);
    else others.push(labelRequirementSql(labels, requirement));
  }
  const parts = equalities.size > 0 ? [labelsContain(labels, Object.fromEntries(equalities)), ...others] : others;
  return parts.length > 0 ? all(parts) : undefined;
}

type NegativeOperator = '!=' | 'notin' | 'notcontains';
type PositiveOperator = Exclude<FieldOperator, NegativeOperator | '!'>;

/** Non-text types are compared after casting both sides, so JSONB text compares as the declared type. */
const CASTS: Partial<Record<FieldType, string>> = { timestamp: 'timestamptz', number: 'numeric', boolean: 'boolean' };
const COMPARISONS: Record<Exclude<PositiveOperator, 'exists' | 'in' | 'contains'>, string> = {
  '=': '=',
  '==': '=',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
};
const NEGATIONS: Record<NegativeOperator, PositiveOperator> = { '!=': '=', notin: 'in', notcontains: 'contains' };

/** `%`, `_` and `\` are LIKE syntax; escaped, the value matches only itself. */
const likeSubstring = (value: string) => `%${value.replace(/[\\%_]/g, '\\$&')}%`;

function positiveSql(expr: SQL, type: FieldType, operator: PositiveOperator, values: string[]): SQL {
  const cast = CASTS[type];
  const typed = cast ? sql`(${expr})::${sql.raw(cast)}` : expr;
  const bound = (value: string) => (cast ? sql`${value}::${sql.raw(cast)}` : sql`${value}`);
  const textArray = () => sql`ARRAY[${sql.join(values.map(bound), sql`, `)}]::text[]`;
  switch (operator) {
    case 'exists':
      return sql`${expr} IS NOT NULL`;
    case 'in':
      return type === 'array'
        ? sql`${expr} && ${textArray()}`
        : sql`${typed} IN (${sql.join(values.map(bound), sql`, `)})`;
    case 'contains':
      return type === 'array' ? sql`${expr} @> ${textArray()}` : sql`${expr} LIKE ${likeSubstring(values[0])}`;
    default:
      return sql`${typed} ${sql.raw(COMPARISONS[operator])} ${bound(values[0])}`;
  }
}

/**
 * One requirement over its expressions: positive operators match if any expression matches;
 * negative ones only if none does, a missing (NULL) expression counting as not matching.
 */
function fieldRequirementSql({ operator, values }: FieldRequirement, column: SelectableColumn): SQL {
  const exprs = Array.isArray(column.sql) ? column.sql : [column.sql];
  switch (operator) {
    case '!':
      return all(exprs.map((expr) => sql`${expr} IS NULL`));
    case '!=':
    case 'notin':
    case 'notcontains':
      return all(
        exprs.map(
          (expr) => sql`(${expr} IS NULL OR NOT (${positiveSql(expr, column.type, NEGATIONS[operator], values)}))`,
        ),
      );
    default:
      return any(exprs.map((expr) => positiveSql(expr, column.type, operator, values)));
  }
}

/** ANDs the requirements; names must be keys of `columns` (the parser has checked them against the catalog). */
export function fieldSelectorSql(
  requirements: readonly FieldRequirement[],
  columns: SelectableColumns,
): SQL | undefined {
  const parts = requirements.map((requirement) => {
    if (!Object.hasOwn(columns, requirement.key)) throw unsupportedSelectorError(requirement.key, Object.keys(columns));
    return fieldRequirementSql(requirement, columns[requirement.key]);
  });
  return parts.length > 0 ? all(parts) : undefined;
}
