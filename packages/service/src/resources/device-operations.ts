/**
 * Device operations beyond CRUD (ref/api.md §2.1, §4.2.4–4.2.7, §6.5, §6.7): list summaries,
 * status reports, decommissioning, resume, application actions, last-seen.
 */
import {
  DEVICE_ANNOTATION_APPLICATION_LIFECYCLE,
  DEVICE_ANNOTATION_AWAITING_RECONNECT,
  DEVICE_ANNOTATION_CONFLICT_PAUSED,
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
import { summarizeDevicePage, summarizeDevices, type Store } from '../store/index.js';
import { assertApplicationExists, recordAction, type LifecycleAction } from './application-lifecycle.js';
import { deviceKind } from './devices.js';
import { booleanParam, selectorWhere, type Query } from './list-query.js';
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

  /** GET /devices: a page with its summary, or with `summaryOnly` the summary of every match. */
  async list(ctx: RequestContext, query: Query): Promise<DeviceListBody> {
    if (query.cveId !== undefined)
      throw badRequest('cveId requires vulnerability reporting, which is not configured on this service');
    if (booleanParam(query, 'summaryOnly')) {
      if (query.limit !== undefined || query.continue !== undefined) throw badRequest(MSG_SUMMARY_ONLY_PAGING);
      const summary = await summarizeDevices(this.store.db, ctx.orgId, selectorWhere(query, deviceKind));
      return { ...listBody<Device>('DeviceList', [], {}), summary };
    }
    const page = await this.devices.list(ctx, query);
    return { ...page, summary: summarizeDevicePage(page.items) };
  }

  /** PUT /devices/{name}/decommission: clears owner and labels; the agent reports progress by status. */
  async decommission(ctx: RequestContext, name: string, body: unknown): Promise<Device> {
    assertValid<DeviceDecommission>(DeviceDecommission, body);
    return this.store.transaction(async (tx) => {
      const { before, after } = await this.devices.def.store(tx).update(
        ctx.orgId,
        name,
        (device) => {
          if (device.spec?.decommissioning) throw new ApiError(409, 'device already has decommissioning requested');
          device.spec = { ...device.spec, decommissioning: body };
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
      await this.store.transaction(async (tx) => {
        const { changed } = await this.devices.def.store(tx).update(ctx.orgId, name, (device) => {
          const { [DEVICE_ANNOTATION_CONFLICT_PAUSED]: _paused, ...rest } = device.metadata.annotations ?? {};
          device.metadata.annotations = rest;
          return device;
        });
        if (!changed) return;
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
      });
    }
    return { resumedDevices: resumed };
  }

  /** GET /devices/{name}/lastseen: undefined (204) when the device never called in. */
  async lastSeen(ctx: RequestContext, name: string): Promise<{ lastSeen: string } | undefined> {
    if (!(await this.store.devices.get(ctx.orgId, name))) throw notFound('Device', name);
    const at = await this.store.deviceLastSeen.getLastSeen(ctx.orgId, name);
    return at ? { lastSeen: at.toISOString() } : undefined;
  }
}
