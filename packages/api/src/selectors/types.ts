/** Parsed label and field selectors: what the parsers produce and the store turns into SQL. */

export type LabelOperator = 'exists' | '!' | '=' | '==' | '!=' | 'in' | 'notin';
export type FieldOperator = LabelOperator | '>' | '>=' | '<' | '<=' | 'contains' | 'notcontains';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Empty for exists/!; one value for =, ==, !=; one or more for in/notin. */
  values: string[];
}

export interface FieldRequirement {
  key: string;
  operator: FieldOperator;
  values: string[];
}

export type FieldType = 'string' | 'timestamp' | 'number' | 'boolean' | 'array';

export interface SelectableField {
  type: FieldType;
  /** JSON-backed (spec/status) string fields reject contains/notcontains, as upstream does. */
  jsonb?: boolean;
}

/** The fields one kind can be filtered by, keyed by selector name (e.g. `status.summary.status`). */
export type FieldCatalog = Readonly<Record<string, SelectableField>>;
