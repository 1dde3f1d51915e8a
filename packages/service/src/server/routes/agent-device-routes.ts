/**
 * The agent API's device routes (ref/api.md §2.4, §4.2.5; ref/service.md §3.6, §5.4):
 *
 *   GET   /api/v1/devices/{name}/rendered?knownRenderedVersion=  the device's target, long-polled
 *   PUT   /api/v1/devices/{name}/status                          the agent's status report
 *   PATCH /api/v1/devices/{name}/status                          the same as a JSON patch
 *
 * The authentication hook has checked that `{name}` is the caller's own device. Every rendered poll
 * is a heartbeat. A poll whose agent already runs the current version waits on the notifier, not on
 * the database, until a new version is announced or `renderedWaitTimeout` passes (204). Database work
 * goes through one concurrency limit per process, where a request its agent has given up on while it
 * queued is skipped.
 */
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, notFound, type Device } from '@flightctl/api';
import type { LastSeenBatcher } from '../../heartbeat/last-seen-batcher.js';
import type { RenderedVersionNotifier } from '../../notify/rendered-version-notifier.js';
import { isAwaitingReconnect, reconnectDevice } from '../../resources/device-reconnect.js';
import { renderedVersionOf } from '../../resources/devices.js';
import { knownRenderedVersionParam, renderedDevice } from '../../resources/rendered-device.js';
import type { RequestContext } from '../../resources/request-context.js';
import type { ResourceService } from '../../resources/resource-service.js';
import type { Store } from '../../store/index.js';
import type { ConcurrencyLimit } from '../concurrency-limit.js';
import type { NameParams } from './route-context.js';

export interface AgentDeviceRouteDeps {
  store: Store;
  /** Devices, with status writes that compute the service's part and record events. */
  devices: ResourceService<Device>;
  notifier: RenderedVersionNotifier;
  heartbeats: LastSeenBatcher;
  limit: ConcurrencyLimit;
  renderedWaitTimeoutMs: number;
}

/** The caller's device and organization; agent requests record no actor on events (as upstream). */
function deviceContext(request: FastifyRequest): RequestContext {
  const identity = request.agentIdentity;
  if (identity?.kind !== 'device') throw new ApiError(401, 'this path needs a device certificate');
  return { orgId: identity.orgId, actor: '', requestId: request.id };
}

/** Whether the agent has closed the request (a timeout): its HTTP/2 stream, or its HTTP/1.1 connection. */
function clientGone(request: FastifyRequest): boolean {
  const raw = request.raw as IncomingMessage | Http2ServerRequest;
  return 'stream' in raw ? raw.stream.destroyed : raw.socket.destroyed;
}

export function registerAgentDeviceRoutes(app: FastifyInstance, deps: AgentDeviceRouteDeps): void {
  const { store, notifier, limit } = deps;
  const one = '/api/v1/devices/:name';

  /** The stored device (404 when there is none); a restored one is reconnected first (§5.7). */
  const load = (req: FastifyRequest, ctx: RequestContext, name: string, known: string | undefined) =>
    limit.run(
      async () => {
        const device = await store.devices.get(ctx.orgId, name);
        if (!device) throw notFound('Device', name);
        if (!isAwaitingReconnect(device)) return { device, reconnected: false };
        return { device: await reconnectDevice(store, ctx, name, known), reconnected: true };
      },
      () => clientGone(req),
    );

  app.get<{ Params: NameParams }>(`${one}/rendered`, async (req, reply) => {
    const ctx = deviceContext(req);
    const { name } = req.params;
    const known = knownRenderedVersionParam(req.query);
    deps.heartbeats.record(ctx.orgId, name);
    if (known === undefined) return renderedDevice((await load(req, ctx, name, known)).device);

    // One cache read per poll; the wait is in place before it, so no announcement slips past.
    const watch = notifier.watch(ctx.orgId, name, known, deps.renderedWaitTimeoutMs);
    const hangUp = () => watch.settle();
    reply.raw.once('close', hangUp);
    let woken: string | undefined;
    try {
      const cached = await watch.cached;
      if (cached !== known) {
        // Not cached, or the agent is behind: the database decides, and the cache learns its answer.
        const { device, reconnected } = await load(req, ctx, name, known);
        const version = renderedVersionOf(device);
        if (version !== undefined && version !== cached) await notifier.cache.replace(ctx.orgId, name, cached, version);
        // A reconnect is answered at once: the agent learns how the service sees it.
        if (reconnected || version !== known) return renderedDevice(device);
      }
      woken = await watch.promise;
    } finally {
      watch.settle();
      reply.raw.off('close', hangUp);
    }
    if (woken === undefined) return reply.code(204).send();
    // Woken by a write of this process: the device as it committed, without another read.
    const committed = notifier.takeCommitted(ctx.orgId, name, woken);
    if (committed && !isAwaitingReconnect(committed)) return renderedDevice(committed);
    return renderedDevice((await load(req, ctx, name, known)).device);
  });

  app.put<{ Params: NameParams }>(`${one}/status`, async (req) => {
    const ctx = deviceContext(req);
    return limit.run(
      () => deps.devices.replaceStatus(ctx, req.params.name, req.body),
      () => clientGone(req),
    );
  });

  app.patch<{ Params: NameParams }>(`${one}/status`, async (req) => {
    const ctx = deviceContext(req);
    return limit.run(
      () => deps.devices.patchStatus(ctx, req.params.name, req.body),
      () => clientGone(req),
    );
  });
}
