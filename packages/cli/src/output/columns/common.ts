/** What several kinds' columns share: the options that pick columns, and upstream's common derivations. */
import type { Condition } from '@flightctl/api';

export interface ColumnOptions {
  /** `-o wide`: the extra columns. */
  wide: boolean;
  /** `--summary`: fleets get a DEVICES column. */
  summary: boolean;
  /** The instant relative times (AGE, LAST SYNC) are measured from: one for the whole table. */
  now: Date;
}

/** Upstream's placeholder for an absent value. */
export const NONE = '<none>';

export const UNKNOWN = 'Unknown';

/** `k=v,k2=v2`, sorted by key so the same labels always print the same. */
export function labelList(labels: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(labels ?? {})
    .sort()
    .map((k) => `${k}=${labels![k]}`)
    .join(',');
}

/** The condition of that type, if the status has it. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** The status (True/False/Unknown) of a condition, `Unknown` when there is none. */
export function conditionStatus(conditions: readonly Condition[] | undefined, type: string): string {
  return findCondition(conditions, type)?.status ?? UNKNOWN;
}
