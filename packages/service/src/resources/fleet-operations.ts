/**
 * Fleet operations beyond CRUD: device summaries of fleets, fleet-wide application actions, and
 * the fleet's template versions (read and delete; the service creates them).
 */
import { eq } from 'drizzle-orm';
import {
  FLEET_ANNOTATION_APPLICATION_LIFECYCLE,
  FIELD_CATALOGS,
  notFound,
  okStatus,
  type Fleet,
  type TemplateVersion,
} from '@flightctl/api';
import { devices, summarizeDevices, templateVersions, type Store } from '../store/index.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import { assertApplicationExists, recordAction } from './application-lifecycle.js';
import { booleanParam, listParams, type Query } from './list-query.js';
import { type JsonText, listResponse } from './list-json.js';
import type { RequestContext } from './request-context.js';
import { applicationLifecycleChanged, resourceDeleted } from './resource-events.js';
import { listBody, type ListBody, type ResourceService } from './resource-service.js';

const templateVersionSelectable = {
  catalog: FIELD_CATALOGS.TemplateVersion,
  columns: SELECTABLE_COLUMNS.TemplateVersion,
  labels: templateVersions.labels,
};

export class FleetOperations {
  constructor(
    private readonly store: Store,
    private readonly fleets: ResourceService<Fleet>,
  ) {}

  private async withDevicesSummary(ctx: RequestContext, fleet: Fleet): Promise<Fleet> {
    const owner = `Fleet/${fleet.metadata.name}`;
    const devicesSummary = await summarizeDevices(this.store.db, ctx.orgId, eq(devices.owner, owner));
    return { ...fleet, status: { conditions: [], ...fleet.status, devicesSummary } };
  }

  /** GET /fleets with `addDevicesSummary` filling each fleet's `status.devicesSummary`. */
  async list(ctx: RequestContext, query: Query): Promise<ListBody<Fleet> | JsonText> {
    if (!booleanParam(query, 'addDevicesSummary')) return listResponse(this.fleets, ctx, query);
    const page = await this.fleets.list(ctx, query);
    return { ...page, items: await Promise.all(page.items.map((f) => this.withDevicesSummary(ctx, f))) };
  }

  async get(ctx: RequestContext, name: string, query: Query): Promise<Fleet> {
    const fleet = await this.fleets.get(ctx, name);
    return booleanParam(query, 'addDevicesSummary') ? this.withDevicesSummary(ctx, fleet) : fleet;
  }

  /** POST /fleets/{name}/applications/{app}/actions/{stop|start}: a default inherited by every device of the fleet. */
  async applicationAction(ctx: RequestContext, name: string, app: string, action: 'stop' | 'start'): Promise<Fleet> {
    return this.store.transaction(async (tx) => {
      const { after } = await this.fleets.def.store(tx).update(ctx.orgId, name, (fleet) => {
        assertApplicationExists(fleet.spec.template.spec.applications, app);
        recordAction(fleet.metadata, FLEET_ANNOTATION_APPLICATION_LIFECYCLE, app, action);
        return fleet;
      });
      await tx.events.create(ctx.orgId, applicationLifecycleChanged(ctx, 'Fleet', name, app, action));
      return this.fleets.present(after);
    });
  }

  /** GET /fleets/{fleet}/templateversions, newest first. */
  async listTemplateVersions(ctx: RequestContext, fleet: string, query: Query): Promise<ListBody<TemplateVersion>> {
    const page = await this.store.templateVersions.list(ctx.orgId, fleet, listParams(query, templateVersionSelectable));
    return listBody('TemplateVersionList', page.items as TemplateVersion[], page);
  }

  async getTemplateVersion(ctx: RequestContext, fleet: string, name: string): Promise<TemplateVersion> {
    const tv = await this.store.templateVersions.get(ctx.orgId, fleet, name);
    if (!tv) throw notFound('TemplateVersion', name);
    return tv as TemplateVersion;
  }

  async deleteTemplateVersion(ctx: RequestContext, fleet: string, name: string) {
    await this.store.transaction(async (tx) => {
      if (await tx.templateVersions.delete(ctx.orgId, fleet, name))
        await tx.events.create(ctx.orgId, resourceDeleted(ctx, 'TemplateVersion', name));
    });
    return okStatus();
  }
}
