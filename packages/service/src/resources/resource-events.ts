/**
 * The generic create/update/delete events every resource emits (ref/service.md §8), and the
 * Event object they are recorded as.
 */
import { randomUUID } from 'node:crypto';
import {
  API_VERSION_FULL,
  EVENT_ANNOTATION_REQUEST_ID,
  eventTypeOf,
  type Event,
  type EventReason,
} from '@flightctl/api';
import type { RequestContext } from './request-context.js';

export const EVENT_SOURCE_COMPONENT = 'flightctl-api';

export interface EventInput {
  kind: string;
  name: string;
  reason: EventReason;
  message: string;
  details?: Event['details'];
}

export function newEvent(ctx: RequestContext, input: EventInput): Event {
  return {
    apiVersion: API_VERSION_FULL,
    kind: 'Event',
    metadata: {
      name: randomUUID(),
      creationTimestamp: new Date().toISOString(),
      annotations: { [EVENT_ANNOTATION_REQUEST_ID]: ctx.requestId },
    },
    involvedObject: { kind: input.kind, name: input.name },
    reason: input.reason,
    message: input.message,
    type: eventTypeOf(input.reason),
    source: { component: EVENT_SOURCE_COMPONENT },
    actor: ctx.actor,
    ...(input.details ? { details: input.details } : {}),
  };
}

export type FailedAction = 'creation' | 'update' | 'deletion';

const FAILURE_REASONS = {
  creation: 'ResourceCreationFailed',
  update: 'ResourceUpdateFailed',
  deletion: 'ResourceDeletionFailed',
} as const;

export const resourceFailed = (ctx: RequestContext, kind: string, name: string, action: FailedAction, error: string) =>
  newEvent(ctx, {
    kind,
    name,
    reason: FAILURE_REASONS[action],
    message: `${kind} ${action} failed: ${error.replace(/\.$/, '')}.`,
  });

export type UpdatedField = 'owner' | 'labels' | 'spec' | 'spec.selector' | 'spec.template';

export const resourceCreated = (ctx: RequestContext, kind: string, name: string) =>
  newEvent(ctx, { kind, name, reason: 'ResourceCreated', message: `${kind} was created successfully.` });

export const resourceDeleted = (ctx: RequestContext, kind: string, name: string) =>
  newEvent(ctx, { kind, name, reason: 'ResourceDeleted', message: `${kind} was deleted successfully.` });

export function resourceUpdated(
  ctx: RequestContext,
  kind: string,
  name: string,
  fields: UpdatedField[],
  owners?: { previous?: string; next?: string },
): Event {
  const ownerChanged = fields.includes('owner');
  return newEvent(ctx, {
    kind,
    name,
    reason: 'ResourceUpdated',
    message: `${kind} was updated successfully (${fields.join(', ')}).`,
    details: {
      detailType: 'ResourceUpdated',
      updatedFields: fields,
      ...(ownerChanged ? { previousOwner: owners?.previous ?? null, newOwner: owners?.next ?? null } : {}),
    } as Event['details'],
  });
}

export const applicationLifecycleChanged = (
  ctx: RequestContext,
  kind: 'Device' | 'Fleet',
  name: string,
  appName: string,
  action: 'stop' | 'start' | 'restart',
) =>
  newEvent(ctx, {
    kind,
    name,
    reason: 'ApplicationLifecycleChanged',
    message: `Application "${appName}" ${action} requested${kind === 'Fleet' ? ' for the fleet' : ''}.`,
    details: { detailType: 'ApplicationLifecycleChanged', appName, action },
  });
