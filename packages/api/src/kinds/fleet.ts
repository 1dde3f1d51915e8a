/**
 * Fleet (api.md §4.3): a label selector, the device template its devices get, and how a new template
 * version rolls out (batches and a disruption budget). `validateFleet` checks user writes.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { ApiVersion, Condition, Duration, LabelSelector, ListOf, ObjectMeta, Percentage } from '../common/meta.js';
import { DevicesSummary } from './device.js';
import { validateDeviceSpec } from './device-spec-validation.js';
import { DeviceSpec } from './device-spec.js';
import { DiscriminatedUnion } from './discriminated-union.js';
import { duplicates } from './field-errors.js';
import { validateLabelSelector } from './label-selector-validation.js';
import { validateLabelMap, validateMetadata } from './metadata-validation.js';

// Upstream's descriptions of minAvailable and maxUnavailable are swapped (api.md §13); the names are right.
export const DisruptionBudget = Type.Object(
  {
    groupBy: Type.Optional(
      Type.Array(Type.String({ pattern: '^([A-Za-z0-9][-A-Za-z0-9_/.]*)?[A-Za-z0-9]$' }), {
        description: 'Label keys; the budget applies to each group of devices sharing their values.',
      }),
    ),
    minAvailable: Type.Optional(Type.Integer({ minimum: 1, description: 'Fewest devices that must stay available.' })),
    maxUnavailable: Type.Optional(Type.Integer({ minimum: 1, description: 'Most devices updating at once.' })),
  },
  { additionalProperties: false, title: 'DisruptionBudget' },
);
export type DisruptionBudget = Static<typeof DisruptionBudget>;

export const Batch = Type.Object(
  {
    selector: Type.Optional(LabelSelector),
    limit: Type.Optional(
      Type.Union([Percentage, Type.Integer({ minimum: 1 })], {
        description: 'Most devices (a count, or a percentage of the selected ones) to update in the batch.',
      }),
    ),
    successThreshold: Type.Optional(Percentage),
  },
  { additionalProperties: false, title: 'Batch' },
);
export type Batch = Static<typeof Batch>;

export const BatchSequence = Type.Object(
  {
    strategy: Type.Literal('BatchSequence'),
    sequence: Type.Optional(Type.Array(Batch, { minItems: 1, description: 'Run in order; the rest follow last.' })),
  },
  { additionalProperties: false, title: 'BatchSequence' },
);
export type BatchSequence = Static<typeof BatchSequence>;

export const RolloutDeviceSelection = DiscriminatedUnion('strategy', [BatchSequence], {
  title: 'RolloutDeviceSelection',
});
export type RolloutDeviceSelection = Static<typeof RolloutDeviceSelection>;

export const RolloutPolicy = Type.Object(
  {
    deviceSelection: Type.Optional(RolloutDeviceSelection),
    disruptionBudget: Type.Optional(DisruptionBudget),
    successThreshold: Type.Optional({ ...Percentage, description: 'Default 90%; a batch may override it.' }),
    defaultUpdateTimeout: Type.Optional({ ...Duration, description: 'Default 24h.' }),
  },
  { additionalProperties: false, title: 'RolloutPolicy' },
);
export type RolloutPolicy = Static<typeof RolloutPolicy>;

export const FleetSpec = Type.Object(
  {
    selector: Type.Optional({ ...LabelSelector, description: 'Devices the fleet owns; absent selects none.' }),
    template: Type.Object(
      { metadata: Type.Optional(ObjectMeta), spec: DeviceSpec },
      { additionalProperties: false, title: 'DeviceTemplate' },
    ),
    rolloutPolicy: Type.Optional(RolloutPolicy),
  },
  { additionalProperties: false, title: 'FleetSpec' },
);
export type FleetSpec = Static<typeof FleetSpec>;

export const FleetRolloutStatus = Type.Object(
  { currentBatch: Type.Optional(Type.Integer({ description: 'The batch being rolled out.' })) },
  { additionalProperties: false, title: 'FleetRolloutStatus' },
);
export type FleetRolloutStatus = Static<typeof FleetRolloutStatus>;

export const FleetStatus = Type.Object(
  {
    conditions: Type.Array(Condition),
    rollout: Type.Optional(FleetRolloutStatus),
    devicesSummary: Type.Optional({ ...DevicesSummary, description: 'Only with ?addDevicesSummary=true.' }),
  },
  { additionalProperties: false, readOnly: true, title: 'FleetStatus' },
);
export type FleetStatus = Static<typeof FleetStatus>;

export const Fleet = Type.Object(
  {
    apiVersion: ApiVersion,
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: FleetSpec,
    status: Type.Optional(FleetStatus),
  },
  { additionalProperties: false, title: 'Fleet' },
);
export type Fleet = Static<typeof Fleet>;

export const FleetList = ListOf(Fleet, 'FleetList');
export type FleetList = Static<typeof FleetList>;

function validateRolloutPolicy(policy: RolloutPolicy, path: string): FieldError[] {
  const { deviceSelection, disruptionBudget } = policy;
  const errs: FieldError[] = [];
  if (!deviceSelection && !disruptionBudget)
    errs.push({ path, message: 'at least one of deviceSelection or disruptionBudget is required' });
  (deviceSelection?.sequence ?? []).forEach(({ selector }, i) => {
    if (selector) errs.push(...validateLabelSelector(selector, `${path}.deviceSelection.sequence[${i}].selector`));
  });
  if (disruptionBudget) {
    const budgetPath = `${path}.disruptionBudget`;
    if (disruptionBudget.minAvailable === undefined && disruptionBudget.maxUnavailable === undefined)
      errs.push({ path: budgetPath, message: 'at least one of minAvailable or maxUnavailable is required' });
    for (const { index, value } of duplicates(disruptionBudget.groupBy ?? []))
      errs.push({ path: `${budgetPath}.groupBy[${index}]`, message: `duplicate label key "${value}"` });
  }
  return errs;
}

/** Semantic errors in a fleet a user creates or replaces; empty when it is valid. */
export function validateFleet(fleet: Fleet): FieldError[] {
  const { selector, template, rolloutPolicy } = fleet.spec;
  return [
    ...validateMetadata(fleet.metadata),
    ...(selector ? validateLabelSelector(selector, 'spec.selector') : []),
    ...validateLabelMap(template.metadata?.labels, 'spec.template.metadata.labels'),
    ...validateDeviceSpec(template.spec, 'spec.template.spec', { allowTemplates: true }),
    ...(rolloutPolicy ? validateRolloutPolicy(rolloutPolicy, 'spec.rolloutPolicy') : []),
  ];
}
