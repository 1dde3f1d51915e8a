/**
 * Resource monitors (api.md §4.2.2): the agent samples CPU, memory or disk usage and raises alerts when the
 * average over `duration` crosses a rule's percentage. Only Disk monitors carry a `path`.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { DiscriminatedUnion } from './discriminated-union.js';
import { duplicates } from './field-errors.js';
import { durationSeconds } from './spec-formats.js';

/** In ascending order: a lower severity must alert at a lower percentage. */
export const ResourceAlertSeverityTypes = ['Info', 'Warning', 'Critical'] as const;
export const ResourceAlertSeverityType = Type.Enum(ResourceAlertSeverityTypes);
export type ResourceAlertSeverityType = Static<typeof ResourceAlertSeverityType>;

export const ResourceAlertRule = Type.Object(
  {
    severity: ResourceAlertSeverityType,
    duration: Type.String({ pattern: '^\\d+[smh]$', description: 'Averaging window; longer than samplingInterval.' }),
    percentage: Type.Number({ minimum: 0, maximum: 100 }),
    description: Type.String({ maxLength: 256 }),
  },
  { additionalProperties: false, title: 'ResourceAlertRule' },
);
export type ResourceAlertRule = Static<typeof ResourceAlertRule>;

const monitorProperties = {
  samplingInterval: Type.String({ pattern: '^[1-9]\\d*[smh]$', description: 'e.g. "30s", "5m", "1h".' }),
  alertRules: Type.Array(ResourceAlertRule, { description: 'At most one rule per severity.' }),
};

export const CpuResourceMonitorSpec = Type.Object(
  { monitorType: Type.Literal('CPU'), ...monitorProperties },
  { additionalProperties: false, title: 'CpuResourceMonitorSpec' },
);
export type CpuResourceMonitorSpec = Static<typeof CpuResourceMonitorSpec>;

export const MemoryResourceMonitorSpec = Type.Object(
  { monitorType: Type.Literal('Memory'), ...monitorProperties },
  { additionalProperties: false, title: 'MemoryResourceMonitorSpec' },
);
export type MemoryResourceMonitorSpec = Static<typeof MemoryResourceMonitorSpec>;

export const DiskResourceMonitorSpec = Type.Object(
  {
    monitorType: Type.Literal('Disk'),
    ...monitorProperties,
    path: Type.String({ minLength: 1, maxLength: 2048, description: 'Directory whose file system is watched.' }),
  },
  { additionalProperties: false, title: 'DiskResourceMonitorSpec' },
);
export type DiskResourceMonitorSpec = Static<typeof DiskResourceMonitorSpec>;

// Closed variants: a `path` on a CPU or Memory monitor, or a Disk monitor without one, fails the schema.
export const ResourceMonitor = DiscriminatedUnion(
  'monitorType',
  [CpuResourceMonitorSpec, MemoryResourceMonitorSpec, DiskResourceMonitorSpec],
  { title: 'ResourceMonitor' },
);
export type ResourceMonitor = Static<typeof ResourceMonitor>;

function validateAlertRules(monitor: ResourceMonitor, path: string): FieldError[] {
  const rules = monitor.alertRules;
  const errs: FieldError[] = duplicates(rules.map((r) => r.severity)).map(({ index, value }) => ({
    path: `${path}.alertRules[${index}].severity`,
    message: `duplicate alert severity "${value}"`,
  }));
  const sampling = durationSeconds(monitor.samplingInterval);
  rules.forEach((rule, j) => {
    if (durationSeconds(rule.duration) <= sampling)
      errs.push({
        path: `${path}.alertRules[${j}].duration`,
        message: `must be longer than samplingInterval (${monitor.samplingInterval})`,
      });
  });
  // Each severity's percentage must be below that of every higher severity present.
  ResourceAlertSeverityTypes.forEach((lower, rank) => {
    const j = rules.findIndex((r) => r.severity === lower);
    const rule = rules[j];
    if (!rule) return;
    for (const higher of ResourceAlertSeverityTypes.slice(rank + 1)) {
      const above = rules.find((r) => r.severity === higher);
      if (above && rule.percentage >= above.percentage)
        errs.push({ path: `${path}.alertRules[${j}].percentage`, message: `${lower} must be less than ${higher}` });
    }
  });
  return errs;
}

/** `spec.resources`: one monitor per type, unique and ordered severities, windows longer than sampling. */
export function validateResourceMonitors(monitors: readonly ResourceMonitor[], path: string): FieldError[] {
  const errs = monitors.flatMap((m, i) => validateAlertRules(m, `${path}[${i}]`));
  for (const { index, value } of duplicates(monitors.map((m) => m.monitorType)))
    errs.push({ path: `${path}[${index}].monitorType`, message: `duplicate monitor type "${value}"` });
  return errs;
}
