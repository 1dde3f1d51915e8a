/**
 * Device operations beyond CRUD (ref/api.md §2.1, §4.2.4–4.2.7, §6.5, §6.7): list summaries,
 * status reports, decommissioning, resume, application actions, last-seen, the rendered device.
 */
import {
  DEVICE_ANNOTATION_APPLICATION_LIFECYCLE,
  DEVICE_ANNOTATION_AWAITING_RECONNECT,
  DEVICE_ANNOTATION_CONFLICT_PAUSED,
  DEVICE_ANNOTATION_RENDERED_SPEC_HASH,
  ApiError,
  DeviceDecommission,
  DeviceResumeRequest,
  MSG_DECOMMISSIONED,
  badRequest,
  notFound,
  type Device,
  type DevicesSummary,
  assertValid,
} from '@flightctl/api';
import { and } from 'drizzle-orm';
import { DEVICE_SUMMARY_COLUMNS, summarizeDevices, summarizeListedDevices, type Store } from '../store/index.js';
import { assertApplicationExists, recordAction, type LifecycleAction } from './application-lifecycle.js';
import { bumpRenderedVersion, deviceKind, renderedVersionOf } from './devices.js';
import { booleanParam, selectorWhere, type Query } from './list-query.js';
import { type JsonText, listJsonText } from './list-json.js';
import { renderedDevice } from './rendered-device.js';
import type { RequestContext } from './request-context.js';
import { applicationLifecycleChanged, newEvent } from './resource-events.js';
import { listBody, type ListBody, type ResourceService } from './resource-service.js';

export type DeviceListBody = ListBody<Device> & { summary: DevicesSummary };

const MSG_SUMMARY_ONLY_PAGING =
  "parameters such as 'limit', and 'continue' are not supported when 'summaryOnly' is true";

export class DeviceOperations {
  constructor(
    private readonly store: Store,
    private readonly devices: ResourceService<Device>,
  ) {}

  /**
   * GET /devices: a page with its summary (as JSON text: list-json.ts), or with `summaryOnly` the
   * summary of every match.
   */
  async list(ctx: RequestContext, query: Query): Promise<DeviceListBody | JsonText> {
    if (query.cveId !== undefined)
      throw badRequest('cveId requires vulnerability reporting, which is not configured on this service');
    if (booleanParam(query, 'summaryOnly')) {
      if (query.limit !== undefined || query.continue !== undefined) throw badRequest(MSG_SUMMARY_ONLY_PAGING);
      const summary = await summarizeDevices(this.store.db, ctx.orgId, selectorWhere(query, deviceKind));
      return { ...listBody<Device>('DeviceList', [], {}), summary };
    }
    const page = await this.devices.listJson(ctx, query, DEVICE_SUMMARY_COLUMNS);
    return listJsonText('DeviceList', page, { summary: summarizeListedDevices(page.items) });
  }

  /** PUT /devices/{name}/decommission: clears owner and labels; the agent reports progress by status. */
  async decommission(ctx: RequestContext, name: string, body: unknown): Promise<Device> {
    assertValid<DeviceDecommission>(DeviceDecommission, body);
    const decommissioned = await this.store.transaction(async (tx) => {
      const { before, after } = await this.devices.def.store(tx).update(
        ctx.orgId,
        name,
        (device) => {
          if (device.spec?.decommissioning) throw new ApiError(409, 'device already has decommissioning requested');
          device.spec = { ...device.spec, decommissioning: body };
          bumpRenderedVersion(device);
          device.metadata.owner = undefined;
          device.metadata.labels = {};
          if (device.status) device.status.lifecycle = { status: 'Decommissioning' };
          return device;
        },
        { keepGeneration: true },
      );
      await this.devices.recordUpdate(ctx, tx, before, after);
      return this.devices.present(after);
    });
    // The agent learns of the decommissioning from its rendered spec.
    await this.devices.committed(ctx, { name, object: decommissioned });
    return decommissioned;
  }

  /** POST /devices/{name}/applications/{app}/actions/{stop|start|restart} */
  async applicationAction(ctx: RequestContext, name: string, app: string, action: LifecycleAction): Promise<Device> {
    return this.store.transaction(async (tx) => {
      const { after } = await this.devices.def.store(tx).update(ctx.orgId, name, (device) => {
        const annotations = device.metadata.annotations ?? {};
        if (device.spec?.decommissioning) throw badRequest(MSG_DECOMMISSIONED);
        if (annotations[DEVICE_ANNOTATION_AWAITING_RECONNECT] === 'true')
          throw badRequest('device is awaiting reconnection after a restore; application actions are not allowed');
        if (annotations[DEVICE_ANNOTATION_CONFLICT_PAUSED] === 'true')
          throw badRequest('device is paused due to a conflict; resume it before application actions');
        assertApplicationExists(device.spec?.applications, app);
        recordAction(device.metadata, DEVICE_ANNOTATION_APPLICATION_LIFECYCLE, app, action);
        return device;
      });
      await tx.events.create(ctx.orgId, applicationLifecycleChanged(ctx, 'Device', name, app, action));
      return this.devices.present(after);
    });
  }

  /** POST /deviceactions/resume: lifts the conflict pause of every matching device. */
  async resume(ctx: RequestContext, body: unknown): Promise<{ resumedDevices: number }> {
    assertValid<DeviceResumeRequest>(DeviceResumeRequest, body);
    if (!body.labelSelector && !body.fieldSelector)
      throw badRequest('at least one of labelSelector or fieldSelector is required');
    const where = selectorWhere({ labelSelector: body.labelSelector, fieldSelector: body.fieldSelector }, deviceKind);
    const paused = this.devices.def.store(this.store);
    const names: string[] = [];
    for await (const device of paused.all(ctx.orgId, and(where))) {
      if (device.metadata.annotations?.[DEVICE_ANNOTATION_CONFLICT_PAUSED] === 'true')
        names.push(device.metadata.name!);
    }
    let resumed = 0;
    for (const name of names) {
      const after = await this.store.transaction(async (tx) => {
        const { changed, after } = await this.devices.def.store(tx).update(ctx.orgId, name, (device) => {
          const {
            [DEVICE_ANNOTATION_CONFLICT_PAUSED]: _paused,
            [DEVICE_ANNOTATION_RENDERED_SPEC_HASH]: _hash,
            ...rest
          } = device.metadata.annotations ?? {};
          device.metadata.annotations = rest;
          // Re-rendered past the version the agent reports, so the service's spec supersedes the agent's.
          bumpRenderedVersion(device);
          return device;
        });
        if (!changed) return undefined;
        resumed++;
        await tx.events.create(
          ctx.orgId,
          newEvent(ctx, {
            kind: 'Device',
            name,
            reason: 'DeviceConflictResolved',
            message: 'Device reconciliation was resumed.',
          }),
        );
        return after;
      });
      if (after) await this.devices.committed(ctx, { name, object: after });
    }
    return { resumedDevices: resumed };
  }

  /** GET /devices/{name}/lastseen: undefined (204) when the device never called in. */
  async lastSeen(ctx: RequestContext, name: string): Promise<{ lastSeen: string } | undefined> {
    if (!(await this.store.devices.get(ctx.orgId, name))) throw notFound('Device', name);
    const at = await this.store.deviceLastSeen.getLastSeen(ctx.orgId, name);
    return at ? { lastSeen: at.toISOString() } : undefined;
  }

  /**
   * GET /devices/{name}/rendered for users: what the agent is served, answered at once (only agents
   * long-poll); undefined (204) when the caller already knows the current version.
   */
  async rendered(ctx: RequestContext, name: string, known: string | undefined): Promise<Device | undefined> {
    const device = await this.store.devices.get(ctx.orgId, name);
    if (!device) throw notFound('Device', name);
    const rendered = renderedDevice(device);
    return known !== undefined && renderedVersionOf(device) === known ? undefined : rendered;
  }
}
