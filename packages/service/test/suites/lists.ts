/**
 * List semantics (api.md §5; service.md §2.5–2.6): paging and continue tokens, remainingItemCount,
 * label and field selectors per kind, /labels and /organizations.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '@flightctl/testing';
import {
  ORG_ID,
  OS_IMAGE,
  device,
  enrollmentRequest,
  expectFailure,
  expectOk,
  fleet,
  gitRepository,
  q,
  resourceSync,
  setOwner,
  type Json,
  type ServiceContext,
} from '../fixtures.js';

const names = (list: Json) => list.items.map((i: Json) => i.metadata.name);

async function createDevices(ctx: ServiceContext, prefix: string, count: number, labels: Record<string, string>) {
  const created: Json[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${String(i).padStart(2, '0')}`;
    created.push(expectOk(await ctx.api.post('/devices', device(name, { labels })), 201));
  }
  return created;
}

export function listTests(ctx: ServiceContext): void {
  describe('lists', () => {
    describe('paging', () => {
      it('pages through 25 devices 10 at a time with continue tokens', async () => {
        const created = await createDevices(ctx, 'ls-page', 25, { paging: 'p25' });
        // Devices outside the selector are never counted or returned.
        await createDevices(ctx, 'ls-page-x', 3, { paging: 'other' });
        const expected = created.map((d) => d.metadata.name).sort();
        const selector = 'paging=p25';

        const p1 = expectOk(await ctx.api.get(`/devices${q({ labelSelector: selector, limit: 10 })}`));
        expect(names(p1)).toEqual(expected.slice(0, 10));
        expect(p1.metadata.remainingItemCount).toBe(15);
        expect(typeof p1.metadata.continue).toBe('string');

        const p2 = expectOk(
          await ctx.api.get(`/devices${q({ labelSelector: selector, limit: 10, continue: p1.metadata.continue })}`),
        );
        expect(names(p2)).toEqual(expected.slice(10, 20));
        expect(p2.metadata.remainingItemCount).toBe(5);

        const p3 = expectOk(
          await ctx.api.get(`/devices${q({ labelSelector: selector, limit: 10, continue: p2.metadata.continue })}`),
        );
        expect(names(p3)).toEqual(expected.slice(20));
        expect(p3.metadata).toEqual({});

        const all = expectOk(await ctx.api.get(`/devices${q({ labelSelector: selector })}`));
        expect(names(all)).toEqual(expected);
        expect(all.metadata).toEqual({});
      });

      it('issues upstream-format continue tokens: base64 JSON {Version, Names, Count}', async () => {
        await createDevices(ctx, 'ls-token', 3, { paging: 'token' });
        const p1 = expectOk(await ctx.api.get(`/devices${q({ labelSelector: 'paging=token', limit: 2 })}`));
        const token = JSON.parse(Buffer.from(p1.metadata.continue, 'base64').toString('utf8'));
        expect(token).toEqual({ Version: 1, Names: ['ls-token-02'], Count: 1 });
        expect(p1.metadata.remainingItemCount).toBe(1);

        // A token built by a client the same way is honoured.
        const own = Buffer.from(JSON.stringify({ Version: 1, Names: ['ls-token-01'], Count: 2 })).toString('base64');
        const p2 = expectOk(
          await ctx.api.get(`/devices${q({ labelSelector: 'paging=token', limit: 2, continue: own })}`),
        );
        expect(names(p2)).toEqual(['ls-token-01', 'ls-token-02']);

        // Later pages count down from the token's Count rather than recounting, floored at 1.
        const count = (n: number) =>
          Buffer.from(JSON.stringify({ Version: 1, Names: ['ls-token-00'], Count: n })).toString('base64');
        const fromTen = await ctx.api.get(
          `/devices${q({ labelSelector: 'paging=token', limit: 1, continue: count(10) })}`,
        );
        expect(names(expectOk(fromTen))).toEqual(['ls-token-00']);
        expect(fromTen.body.metadata.remainingItemCount).toBe(9);
        const fromOne = await ctx.api.get(
          `/devices${q({ labelSelector: 'paging=token', limit: 1, continue: count(1) })}`,
        );
        expect(fromOne.body.metadata.remainingItemCount).toBe(1);
        expect(typeof fromOne.body.metadata.continue).toBe('string');
      });

      it('pages fleets, repositories and the other kinds the same way, in name order', async () => {
        for (const name of ['ls-kind-c', 'ls-kind-a', 'ls-kind-b']) {
          expectOk(await ctx.api.post('/fleets', fleet(name, { labels: { lk: 'x' } })), 201);
          expectOk(await ctx.api.post('/repositories', gitRepository(name, { labels: { lk: 'x' } })), 201);
          expectOk(await ctx.api.post('/resourcesyncs', resourceSync(name, 'r', { labels: { lk: 'x' } })), 201);
          expectOk(await ctx.api.post('/enrollmentrequests', enrollmentRequest(name, { labels: { lk: 'x' } })), 201);
        }
        for (const plural of ['fleets', 'repositories', 'resourcesyncs', 'enrollmentrequests']) {
          const p1 = expectOk(await ctx.api.get(`/${plural}${q({ labelSelector: 'lk=x', limit: 2 })}`));
          expect(names(p1), plural).toEqual(['ls-kind-a', 'ls-kind-b']);
          expect(p1.metadata.remainingItemCount, plural).toBe(1);
          const p2 = expectOk(
            await ctx.api.get(`/${plural}${q({ labelSelector: 'lk=x', limit: 2, continue: p1.metadata.continue })}`),
          );
          expect(names(p2), plural).toEqual(['ls-kind-c']);
          expect(p2.metadata, plural).toEqual({});
        }
      });
    });

    describe('label selectors', () => {
      it('supports =, ==, !=, in, notin, exists and !exists, ANDed with commas', async () => {
        const labels: Record<string, Record<string, string>> = {
          'ls-lab-1': { ls: 'lab', env: 'prod', tier: 'web' },
          'ls-lab-2': { ls: 'lab', env: 'dev', tier: 'db' },
          'ls-lab-3': { ls: 'lab', env: 'test' },
          'ls-lab-4': { ls: 'lab' },
        };
        for (const [name, l] of Object.entries(labels))
          expectOk(await ctx.api.post('/devices', device(name, { labels: l })), 201);
        const cases: [string, string[]][] = [
          ['ls=lab,env=prod', ['ls-lab-1']],
          ['ls=lab,env==dev', ['ls-lab-2']],
          ['ls=lab,env!=prod', ['ls-lab-2', 'ls-lab-3', 'ls-lab-4']],
          ['ls=lab,env in (prod,test)', ['ls-lab-1', 'ls-lab-3']],
          ['ls=lab,env notin (prod,test)', ['ls-lab-2', 'ls-lab-4']],
          ['ls=lab,tier', ['ls-lab-1', 'ls-lab-2']],
          ['ls=lab,!tier', ['ls-lab-3', 'ls-lab-4']],
          ['ls=lab, env = prod , tier=web', ['ls-lab-1']],
          ['ls=lab,env=nothing', []],
        ];
        for (const [selector, expected] of cases) {
          expect(names(expectOk(await ctx.api.get(`/devices${q({ labelSelector: selector })}`))), selector).toEqual(
            expected,
          );
        }
      });
    });

    describe('field selectors', () => {
      it('selects devices by name', async () => {
        await createDevices(ctx, 'ls-name', 3, { fs: 'name' });
        const cases: [string, string[]][] = [
          ['metadata.name=ls-name-01', ['ls-name-01']],
          ['metadata.name==ls-name-01', ['ls-name-01']],
          ['metadata.name!=ls-name-01', ['ls-name-00', 'ls-name-02']],
          ['metadata.name in (ls-name-00,ls-name-02)', ['ls-name-00', 'ls-name-02']],
          ['metadata.name notin (ls-name-00,ls-name-02)', ['ls-name-01']],
          ['metadata.name contains e-0', ['ls-name-00', 'ls-name-01', 'ls-name-02']],
          ['metadata.name notcontains 02', ['ls-name-00', 'ls-name-01']],
        ];
        for (const [selector, expected] of cases) {
          const res = await ctx.api.get(`/devices${q({ labelSelector: 'fs=name', fieldSelector: selector })}`);
          expect(names(expectOk(res)), selector).toEqual(expected);
        }
      });

      it('selects devices by owner, summary status and name-or-alias', async () => {
        await createDevices(ctx, 'ls-owner', 3, { fs: 'owner' });
        await setOwner(ctx.svc, 'devices', 'ls-owner-00', 'Fleet/ls-fleet');
        await setOwner(ctx.svc, 'devices', 'ls-owner-01', 'Fleet/ls-fleet');
        await ctx.svc.service.store.devices.update(ORG_ID, 'ls-owner-02', (d) => ({
          ...d,
          status: { ...(d.status as Json), summary: { status: 'Online', info: 'ok' } },
        }));
        expectOk(
          await ctx.api.post('/devices', device('ls-alias', { labels: { fs: 'owner', alias: 'kitchen-pi' } })),
          201,
        );

        const cases: [string, string[]][] = [
          ['metadata.owner=Fleet/ls-fleet', ['ls-owner-00', 'ls-owner-01']],
          ['metadata.owner!=Fleet/ls-fleet', ['ls-alias', 'ls-owner-02']],
          ['!metadata.owner', ['ls-alias', 'ls-owner-02']],
          ['metadata.owner', ['ls-owner-00', 'ls-owner-01']],
          ['status.summary.status=Online', ['ls-owner-02']],
          ['status.summary.status in (Online,Error)', ['ls-owner-02']],
          ['status.summary.status!=Online', ['ls-alias', 'ls-owner-00', 'ls-owner-01']],
          ['status.updated.status=Unknown', ['ls-alias', 'ls-owner-00', 'ls-owner-01', 'ls-owner-02']],
          ['metadata.nameOrAlias=kitchen-pi', ['ls-alias']],
          ['metadata.nameOrAlias=ls-owner-01', ['ls-owner-01']],
          ['metadata.nameOrAlias contains kitchen', ['ls-alias']],
          ['metadata.alias=kitchen-pi', ['ls-alias']],
          ['metadata.owner=Fleet/ls-fleet,metadata.name!=ls-owner-00', ['ls-owner-01']],
        ];
        for (const [selector, expected] of cases) {
          const res = await ctx.api.get(`/devices${q({ labelSelector: 'fs=owner', fieldSelector: selector })}`);
          expect(names(expectOk(res)), selector).toEqual(expected);
        }
      });

      it('compares creation timestamps', async () => {
        const [early] = await createDevices(ctx, 'ls-time-a', 1, { fs: 'time' });
        const earlyAt = Date.parse(early.metadata.creationTimestamp);
        // The database clock moves on before the next create (no fixed sleep: poll the clock).
        await waitFor(() => Date.now() > earlyAt + 2, { what: 'the clock to pass the first creation' });
        const [late] = await createDevices(ctx, 'ls-time-b', 1, { fs: 'time' });
        expect(Date.parse(late.metadata.creationTimestamp)).toBeGreaterThan(earlyAt);
        // Truncated to milliseconds, the later timestamp lies strictly between the two creations.
        const boundary = new Date(Date.parse(late.metadata.creationTimestamp)).toISOString();

        const cases: [string, string[]][] = [
          [`metadata.creationTimestamp>=${boundary}`, ['ls-time-b-00']],
          [`metadata.creationTimestamp<${boundary}`, ['ls-time-a-00']],
          [`metadata.creationTimestamp>2000-01-01T00:00:00Z`, ['ls-time-a-00', 'ls-time-b-00']],
          [`metadata.creationTimestamp<2000-01-01T00:00:00Z`, []],
          [`metadata.creationTimestamp<=2100-01-01T00:00:00Z`, ['ls-time-a-00', 'ls-time-b-00']],
        ];
        for (const [selector, expected] of cases) {
          const res = await ctx.api.get(`/devices${q({ labelSelector: 'fs=time', fieldSelector: selector })}`);
          expect(names(expectOk(res)), selector).toEqual(expected);
        }
      });

      it('selects fleets, repositories and resource syncs by their spec fields', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('ls-fs-fleet-1', { labels: { fs: 'kinds' } })), 201);
        expectOk(
          await ctx.api.post(
            '/fleets',
            fleet('ls-fs-fleet-2', { labels: { fs: 'kinds' }, templateSpec: { os: { image: 'quay.io/x/other:1' } } }),
          ),
          201,
        );
        const fleets = await ctx.api.get(
          `/fleets${q({ labelSelector: 'fs=kinds', fieldSelector: `spec.template.spec.os.image=${OS_IMAGE}` })}`,
        );
        expect(names(expectOk(fleets))).toEqual(['ls-fs-fleet-1']);

        expectOk(await ctx.api.post('/repositories', gitRepository('ls-fs-git', { labels: { fs: 'kinds' } })), 201);
        const oci = gitRepository('ls-fs-oci', {
          labels: { fs: 'kinds' },
          spec: { type: 'oci', registry: 'registry.example.com', accessMode: 'ReadWrite' },
        });
        expectOk(await ctx.api.post('/repositories', oci), 201);
        const repoCases: [string, string[]][] = [
          ['spec.type=git', ['ls-fs-git']],
          ['spec.type=oci', ['ls-fs-oci']],
          ['spec.url=https://git.example.com/ls-fs-git.git', ['ls-fs-git']],
          ['spec.registry=registry.example.com', ['ls-fs-oci']],
          ['spec.accessMode=ReadWrite', ['ls-fs-oci']],
        ];
        for (const [selector, expected] of repoCases) {
          const res = await ctx.api.get(`/repositories${q({ labelSelector: 'fs=kinds', fieldSelector: selector })}`);
          expect(names(expectOk(res)), selector).toEqual(expected);
        }

        expectOk(
          await ctx.api.post('/resourcesyncs', resourceSync('ls-fs-rs-1', 'ls-fs-git', { labels: { fs: 'kinds' } })),
          201,
        );
        expectOk(
          await ctx.api.post('/resourcesyncs', resourceSync('ls-fs-rs-2', 'elsewhere', { labels: { fs: 'kinds' } })),
          201,
        );
        const rs = await ctx.api.get(
          `/resourcesyncs${q({ labelSelector: 'fs=kinds', fieldSelector: 'spec.repository=ls-fs-git' })}`,
        );
        expect(names(expectOk(rs))).toEqual(['ls-fs-rs-1']);
      });

      it('selects enrollment requests by approval and certificate', async () => {
        for (const name of ['ls-er-approved', 'ls-er-pending', 'ls-er-denied']) {
          expectOk(await ctx.api.post('/enrollmentrequests', enrollmentRequest(name, { labels: { fs: 'er' } })), 201);
        }
        const approve = (approved: boolean, certificate?: string) => (er: Json) => ({
          ...er,
          status: {
            conditions: [],
            ...(certificate && { certificate }),
            approval: { approved, approvedBy: 'tester', approvedAt: '2025-01-02T03:04:05Z' },
          },
        });
        await ctx.svc.service.store.enrollmentRequests.update(ORG_ID, 'ls-er-approved', approve(true, 'PEM'));
        await ctx.svc.service.store.enrollmentRequests.update(ORG_ID, 'ls-er-denied', approve(false));

        const cases: [string, string[]][] = [
          ['status.approval.approved=true', ['ls-er-approved']],
          ['status.approval.approved=false', ['ls-er-denied']],
          ['status.approval.approved!=true', ['ls-er-denied', 'ls-er-pending']],
          ['status.certificate', ['ls-er-approved']],
          ['!status.certificate', ['ls-er-denied', 'ls-er-pending']],
        ];
        for (const [selector, expected] of cases) {
          const res = await ctx.api.get(`/enrollmentrequests${q({ labelSelector: 'fs=er', fieldSelector: selector })}`);
          expect(names(expectOk(res)), selector).toEqual(expected);
        }
      });
    });

    describe('/labels', () => {
      it('lists the distinct labels of matching devices as key=value', async () => {
        expectOk(await ctx.api.post('/devices', device('ls-labels-1', { labels: { lbl: 'set', region: 'eu' } })), 201);
        expectOk(await ctx.api.post('/devices', device('ls-labels-2', { labels: { lbl: 'set', region: 'us' } })), 201);
        expectOk(await ctx.api.post('/devices', device('ls-labels-3', { labels: { lbl: 'set', region: 'eu' } })), 201);
        expectOk(await ctx.api.post('/fleets', fleet('ls-labels-fleet', { labels: { fleetonly: 'yes' } })), 201);

        const res = expectOk(await ctx.api.get(`/labels${q({ kind: 'Device', labelSelector: 'lbl=set' })}`));
        expect([...res].sort()).toEqual(['lbl=set', 'region=eu', 'region=us']);

        const all = expectOk(await ctx.api.get('/labels?kind=Device'));
        expect(all).toEqual(expect.arrayContaining(['lbl=set', 'region=eu', 'region=us']));
        expect(all).not.toContain('fleetonly=yes');
        expect(new Set(all).size).toBe(all.length);

        // Field selectors on the labels themselves, and limit capping the distinct labels.
        const byKey = await ctx.api.get(
          `/labels${q({ kind: 'Device', labelSelector: 'lbl=set', fieldSelector: 'metadata.labels.key=region' })}`,
        );
        expect([...expectOk(byKey)].sort()).toEqual(['region=eu', 'region=us']);
        const byValue = await ctx.api.get(
          `/labels${q({ kind: 'Device', labelSelector: 'lbl=set', fieldSelector: 'metadata.labels.value=eu' })}`,
        );
        expect(expectOk(byValue)).toEqual(['region=eu']);
        const limited = await ctx.api.get(`/labels${q({ kind: 'Device', labelSelector: 'lbl=set', limit: 2 })}`);
        expect(expectOk(limited)).toHaveLength(2);
        expectFailure(
          await ctx.api.get(`/labels${q({ kind: 'Device', limit: 1001 })}`),
          400,
          'limit cannot exceed 1000',
        );
      });

      it('requires kind=Device', async () => {
        expectFailure(await ctx.api.get('/labels'), 400);
        expectFailure(await ctx.api.get('/labels?kind=Fleet'), 400);
      });
    });

    describe('/organizations', () => {
      it('lists the default organization', async () => {
        const res = expectOk(await ctx.api.get('/organizations'));
        expect(res.kind).toBe('OrganizationList');
        expect(names(res)).toEqual([ORG_ID]);
        expect(res.items[0].kind).toBe('Organization');
        const filtered = expectOk(
          await ctx.api.get(`/organizations${q({ fieldSelector: `metadata.name=${ORG_ID}` })}`),
        );
        expect(names(filtered)).toEqual([ORG_ID]);
      });
    });
  });
}
