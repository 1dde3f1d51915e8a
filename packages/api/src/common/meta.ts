/**
 * The envelope shared by every resource: apiVersion, kind, ObjectMeta, ListMeta, lists,
 * conditions, label selectors, and the small string formats several kinds reuse.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { API_VERSION_FULL } from './api-version.js';
import {
  DNS1123_SUBDOMAIN_MAX,
  DNS1123_SUBDOMAIN_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_MAX,
  LABEL_VALUE_PATTERN,
} from './names.js';

export { API_GROUP, API_VERSION, API_VERSION_FULL } from './api-version.js';

/** Accepted on input; empty is kept for old clients. */
export const ApiVersion = Type.Union([Type.Literal('v1beta1'), Type.Literal(API_VERSION_FULL), Type.Literal('')], {
  description: 'Versioned schema of this representation of an object.',
});

export const ResourceName = Type.String({
  maxLength: DNS1123_SUBDOMAIN_MAX,
  pattern: DNS1123_SUBDOMAIN_PATTERN,
  description: 'A DNS-1123 subdomain: lowercase alphanumerics, "-" and ".", starting and ending alphanumeric.',
});

/** `map<string,string>` whose keys are Kubernetes qualified names and values label values. */
export const Labels = Type.Unsafe<Record<string, string>>({
  type: 'object',
  propertyNames: { type: 'string', pattern: LABEL_KEY_PATTERN, maxLength: DNS1123_SUBDOMAIN_MAX + 64 },
  additionalProperties: { type: 'string', maxLength: LABEL_VALUE_MAX, pattern: LABEL_VALUE_PATTERN },
  description: 'Map of string keys and values that can be used to organize and categorize objects.',
});

export const StringMap = Type.Record(Type.String(), Type.String());

export const DateTime = Type.String({ format: 'date-time' });

export const ObjectMeta = Type.Object(
  {
    name: Type.Optional(ResourceName),
    labels: Type.Optional(Labels),
    annotations: Type.Optional(Type.Record(Type.String(), Type.String(), { readOnly: true })),
    owner: Type.Optional(Type.String({ readOnly: true, description: 'Kind/name of the owning resource.' })),
    generation: Type.Optional(Type.Integer({ format: 'int64', readOnly: true })),
    resourceVersion: Type.Optional(Type.String({ description: 'Decimal integer; optimistic-lock token.' })),
    creationTimestamp: Type.Optional(Type.String({ format: 'date-time', readOnly: true })),
    deletionTimestamp: Type.Optional(Type.String({ format: 'date-time', readOnly: true })),
  },
  { additionalProperties: false, title: 'ObjectMeta' },
);
export type ObjectMeta = Static<typeof ObjectMeta>;

export const ListMeta = Type.Object(
  {
    continue: Type.Optional(Type.String()),
    remainingItemCount: Type.Optional(Type.Integer({ format: 'int64' })),
  },
  { additionalProperties: false, title: 'ListMeta' },
);
export type ListMeta = Static<typeof ListMeta>;

/** `XxxList`: `{apiVersion, kind, metadata: ListMeta, items: []Xxx}` plus any extra properties. */
export function ListOf<T extends TSchema, P extends Record<string, TSchema> = Record<never, TSchema>>(
  item: T,
  title: string,
  extra?: P,
) {
  return Type.Object(
    {
      apiVersion: Type.String(),
      kind: Type.String(),
      metadata: ListMeta,
      items: Type.Array(item),
      ...(extra ?? ({} as P)),
    },
    { additionalProperties: false, title },
  );
}

export const ConditionStatus = Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Literal('Unknown')]);

export const ConditionTypes = [
  'Approved',
  'TPMVerified',
  'Denied',
  'Failed',
  'Accessible',
  'ResourceParsed',
  'Synced',
  'Valid',
  'RolloutInProgress',
  'Updating',
  'SpecValid',
  'MultipleOwners',
  'DeviceDecommissioning',
] as const;

export const Condition = Type.Object(
  {
    // The enum is closed in the upstream spec, but old agents send legacy types; the server accepts any string.
    type: Type.String({ minLength: 1, description: `One of ${ConditionTypes.join(', ')}.` }),
    status: ConditionStatus,
    reason: Type.String(),
    message: Type.String(),
    lastTransitionTime: DateTime,
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
  },
  { additionalProperties: false, title: 'Condition' },
);
export type Condition = Static<typeof Condition>;

export const MatchExpression = Type.Object(
  {
    key: Type.String(),
    operator: Type.Union([
      Type.Literal('In'),
      Type.Literal('NotIn'),
      Type.Literal('Exists'),
      Type.Literal('DoesNotExist'),
    ]),
    values: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false, title: 'MatchExpression' },
);
export type MatchExpression = Static<typeof MatchExpression>;

/** Object-form label selector; if present it must carry matchLabels or matchExpressions. */
export const LabelSelector = Type.Object(
  {
    matchLabels: Type.Optional(Labels),
    matchExpressions: Type.Optional(Type.Array(MatchExpression, { minItems: 1 })),
  },
  { additionalProperties: false, minProperties: 1, title: 'LabelSelector' },
);
export type LabelSelector = Static<typeof LabelSelector>;

export const Percentage = Type.String({ pattern: '^(100|[1-9]?[0-9])%$', description: 'e.g. "50%"' });
/** Go-style short duration as upstream accepts it: digits then s, m or h ("30s", "5m", "24h"). */
export const Duration = Type.String({ pattern: '^(?:[1-9]\\d*)?\\d[smh]$' });

export const PatchOperation = Type.Object(
  {
    op: Type.Union([Type.Literal('add'), Type.Literal('replace'), Type.Literal('remove'), Type.Literal('test')]),
    path: Type.String({ description: 'JSON pointer (RFC 6901).' }),
    value: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false, title: 'PatchOperation' },
);
export const PatchRequest = Type.Array(PatchOperation, { title: 'PatchRequest' });
export type PatchRequest = Static<typeof PatchRequest>;

export const StatusBody = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    code: Type.Integer({ format: 'int32' }),
    status: Type.String(),
    reason: Type.String(),
    message: Type.String(),
  },
  { title: 'Status' },
);
export type StatusBody = Static<typeof StatusBody>;
