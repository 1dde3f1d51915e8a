/**
 * Conditions as the agent maintains them (ref/agent.md §2.9): set Kubernetes-style, where
 * `lastTransitionTime` moves only when the status changes, with messages cut to 250 characters.
 */
import type { Condition } from '@flightctl/api';

const MAX_MESSAGE_LENGTH = 250;

export function truncateMessage(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? message.slice(0, MAX_MESSAGE_LENGTH) : message;
}

export type ConditionUpdate = Pick<Condition, 'type' | 'status' | 'reason' | 'message'>;

/** Sets the condition in place; returns whether anything about it changed. */
export function setCondition(conditions: Condition[], update: ConditionUpdate, now: Date): boolean {
  const message = truncateMessage(update.message);
  const existing = conditions.find((c) => c.type === update.type);
  if (!existing) {
    conditions.push({ ...update, message, lastTransitionTime: now.toISOString() });
    return true;
  }
  let changed = false;
  if (existing.status !== update.status) {
    existing.status = update.status;
    existing.lastTransitionTime = now.toISOString();
    changed = true;
  }
  if (existing.reason !== update.reason) {
    existing.reason = update.reason;
    changed = true;
  }
  if (existing.message !== message) {
    existing.message = message;
    changed = true;
  }
  return changed;
}
