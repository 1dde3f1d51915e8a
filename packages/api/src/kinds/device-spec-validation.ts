/**
 * The rules on a DeviceSpec beyond its schema (api.md §4.2.2, §10), for devices and for fleet templates.
 * Only fleet templates (`allowTemplates`) may carry template parameters in the fields api.md lists.
 */
import type { FieldError } from '../common/errors.js';
import { validateApplications } from './application-validation.js';
import { validateConfigProviders } from './config-providers.js';
import { parseCron, shortestCronGapMinutes } from './cron-schedule.js';
import {
  SYSTEMD_MATCH_PATTERN,
  SYSTEMD_MATCH_PATTERN_MAX,
  type DeviceOsSpec,
  type DeviceSpec,
  type UpdateSchedule,
} from './device-spec.js';
import { at } from './field-errors.js';
import { validateResourceMonitors } from './resource-monitors.js';
import {
  durationSeconds,
  imageReferenceProblems,
  templatedImageReferenceProblems,
  timeZoneProblems,
} from './spec-formats.js';
import { checkTemplatable } from './template-params.js';

export interface DeviceSpecValidationOptions {
  /** True only for `Fleet.spec.template.spec`, whose strings may hold `{{ … }}` parameters. */
  allowTemplates: boolean;
}

const systemdPatternRe = new RegExp(SYSTEMD_MATCH_PATTERN, 'u');

/** The cron must parse, and the grace window must close before the next firing can start another. */
function validateUpdateSchedule(schedule: UpdateSchedule, path: string): FieldError[] {
  const errs = at(`${path}.timeZone`, schedule.timeZone === undefined ? [] : timeZoneProblems(schedule.timeZone));
  const parsed = parseCron(schedule.at);
  if ('error' in parsed) return [...errs, { path: `${path}.at`, message: `invalid cron expression: ${parsed.error}` }];
  const gapMinutes = shortestCronGapMinutes(parsed.schedule);
  if (gapMinutes === undefined) errs.push({ path: `${path}.at`, message: 'the schedule never fires' });
  else if (durationSeconds(schedule.startGraceDuration) > gapMinutes * 60)
    errs.push({
      path: `${path}.startGraceDuration`,
      message: `${schedule.startGraceDuration} exceeds the shortest interval between scheduled times (${gapMinutes}m)`,
    });
  return errs;
}

function validateOs(os: DeviceOsSpec, path: string, allowTemplates: boolean): FieldError[] {
  if (os.image !== undefined && os.catalogItemRef !== undefined)
    return [{ path, message: 'image and catalogItemRef are mutually exclusive' }];
  if (os.image === undefined) return [];
  return checkTemplatable(
    os.image,
    `${path}.image`,
    allowTemplates,
    imageReferenceProblems,
    templatedImageReferenceProblems,
  );
}

function validateSystemdPatterns(patterns: readonly string[], path: string): FieldError[] {
  return patterns.flatMap((pattern, i) =>
    pattern.length <= SYSTEMD_MATCH_PATTERN_MAX && systemdPatternRe.test(pattern)
      ? []
      : [{ path: `${path}[${i}]`, message: `"${pattern}" is not a systemd unit name or glob` }],
  );
}

/** Errors in `spec`, found at `path` (`spec` for devices, `spec.template.spec` for fleets). */
export function validateDeviceSpec(
  spec: DeviceSpec,
  path: string,
  { allowTemplates }: DeviceSpecValidationOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  const { updatePolicy } = spec;
  if (updatePolicy?.downloadSchedule)
    errs.push(...validateUpdateSchedule(updatePolicy.downloadSchedule, `${path}.updatePolicy.downloadSchedule`));
  if (updatePolicy?.updateSchedule)
    errs.push(...validateUpdateSchedule(updatePolicy.updateSchedule, `${path}.updatePolicy.updateSchedule`));
  if (spec.consoles !== undefined)
    errs.push({ path: `${path}.consoles`, message: 'consoles are not supported through this api' });
  if (spec.os) errs.push(...validateOs(spec.os, `${path}.os`, allowTemplates));
  if (spec.config) errs.push(...validateConfigProviders(spec.config, `${path}.config`, allowTemplates));
  if (spec.applications) errs.push(...validateApplications(spec.applications, `${path}.applications`, allowTemplates));
  if (spec.resources) errs.push(...validateResourceMonitors(spec.resources, `${path}.resources`));
  if (spec.systemd?.matchPatterns)
    errs.push(...validateSystemdPatterns(spec.systemd.matchPatterns, `${path}.systemd.matchPatterns`));
  return errs;
}
