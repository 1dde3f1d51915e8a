/**
 * Status conditions with Kubernetes' rules, as upstream keeps them: one per type, and the
 * transition time moves only when the status changes.
 */
import type { Condition } from '@flightctl/api';

/** Go's zero time, which upstream writes for "not set". */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export type NewCondition = Omit<Condition, 'lastTransitionTime'>;

export const findCondition = (conditions: readonly Condition[] | undefined, type: string) =>
  conditions?.find((c) => c.type === type);

export const isConditionTrue = (conditions: readonly Condition[] | undefined, type: string) =>
  findCondition(conditions, type)?.status === 'True';

/** `conditions` with `condition` set in place (or added), keeping its transition time when its status stays. */
export function setCondition(conditions: readonly Condition[], condition: NewCondition, now = new Date()): Condition[] {
  const existing = findCondition(conditions, condition.type);
  if (!existing) return [...conditions, { ...condition, lastTransitionTime: now.toISOString() }];
  const lastTransitionTime = existing.status === condition.status ? existing.lastTransitionTime : now.toISOString();
  return conditions.map((c) => (c === existing ? { ...condition, lastTransitionTime } : c));
}

export const removeCondition = (conditions: readonly Condition[], type: string) =>
  conditions.filter((c) => c.type !== type);

/**
 * Conditions written by a client: an unset transition time becomes the stored one when the
 * condition kept its status, else now (upstream's populateConditionTimestamps, after Kubernetes).
 */
export function withTransitionTimes(
  written: readonly Condition[],
  stored: readonly Condition[],
  now = new Date(),
): Condition[] {
  return written.map((c) => {
    if (c.lastTransitionTime && c.lastTransitionTime !== ZERO_TIME) return c;
    const same = stored.find((s) => s.type === c.type && s.status === c.status && s.lastTransitionTime !== ZERO_TIME);
    return { ...c, lastTransitionTime: same?.lastTransitionTime ?? now.toISOString() };
  });
}
