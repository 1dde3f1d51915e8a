/**
 * `-l key=value` values (each possibly a comma-separated list) as a label map, read as upstream's
 * LabelArrayToMap does: `key` alone is an empty value, and the first `=` splits.
 */
import { CliError } from '../errors.js';

export function parseLabelArgs(values: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const label of values) {
    const eq = label.indexOf('=');
    const key = eq < 0 ? label : label.slice(0, eq);
    if (!key) throw new CliError(`invalid label "${label}": expected key=value`);
    labels[key] = eq < 0 ? '' : label.slice(eq + 1);
  }
  return labels;
}
