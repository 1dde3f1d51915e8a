/**
 * The labels a device asks for when it enrolls (ref/agent.md §2.2 step 2): values read from its
 * system info per `label-from-systeminfo` (made into valid label values), an `alias` from the hostname
 * unless configured otherwise, and `default-labels` over both.
 */
import type { DeviceSystemInfo } from '@flightctl/api';
import { LABEL_VALUE_MAX, validateLabelValue, validateQualifiedName } from '@flightctl/api/agent';
import type { Logger } from 'pino';

const ALIAS = 'alias';

/** A system-info value as a label value: invalid characters become `-`, ends trimmed to alphanumerics. */
export function sanitizeLabelValue(value: string): string | undefined {
  const replaced = value.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, LABEL_VALUE_MAX);
  const trimmed = replaced.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
  return trimmed && validateLabelValue(trimmed).length === 0 ? trimmed : undefined;
}

/** A built-in field by its camelCase name, or `customInfo.<key>`. */
function systemInfoField(info: DeviceSystemInfo, field: string): string | undefined {
  if (field.startsWith('customInfo.')) return info.customInfo?.[field.slice('customInfo.'.length)];
  const value = info[field];
  return typeof value === 'string' ? value : undefined;
}

function usableHostname(hostname: string): boolean {
  return !(
    hostname === '' ||
    hostname === '(none)' ||
    hostname.startsWith('localhost') ||
    hostname === '127.0.0.1' ||
    hostname === '::1'
  );
}

export function enrollmentLabels(
  info: DeviceSystemInfo,
  fromSystemInfo: Record<string, string>,
  defaults: Record<string, string>,
  log: Logger,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [label, field] of Object.entries(fromSystemInfo)) {
    const keyProblems = validateQualifiedName(label);
    if (keyProblems.length > 0) {
      log.error(`label-from-systeminfo: invalid label key "${label}": ${keyProblems.join('; ')}`);
      continue;
    }
    const raw = systemInfoField(info, field);
    const value = raw === undefined ? undefined : sanitizeLabelValue(raw);
    if (value === undefined) {
      log.warn(`label-from-systeminfo: ${label}: no usable value in system info field "${field}"`);
      continue;
    }
    labels[label] = value;
  }
  const hostname = typeof info.hostname === 'string' ? info.hostname : '';
  if (!(ALIAS in fromSystemInfo) && usableHostname(hostname)) {
    const alias = sanitizeLabelValue(hostname);
    if (alias) labels[ALIAS] = alias;
  }
  for (const [label, value] of Object.entries(defaults)) {
    const problems = [...validateQualifiedName(label), ...validateLabelValue(value)];
    if (problems.length > 0) {
      log.error(`default-labels: skipping invalid label ${label}=${value}: ${problems.join('; ')}`);
      continue;
    }
    labels[label] = value;
  }
  return labels;
}
