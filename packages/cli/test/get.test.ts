/**
 * `flightctl get` end to end: the real binary against a real service (PGlite), with data written
 * straight into the store so statuses, owners and timestamps are exactly what each table shows.
 * Expected tables are written out in full from ref/clients.md §1.6.2, not from the implementation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type {
  ApplicationsSummaryStatusType,
  Device,
  DeviceSummaryStatusType,
  DeviceUpdatedStatusType,
  OsModeType,
} from '@flightctl/api';
import { CliError, buildProgram } from '@flightctl/cli';
import { runCli, startTestService, writeCliConfig, type TestService } from '@flightctl/testing';

const ORG = '00000000-0000-0000-0000-000000000000';
const API_VERSION = 'flightctl.io/v1beta1';
const BULK = 1100;
const HOUR = 3600_000;
const DEV_C_SPEC = { os: { image: 'quay.io/os:2' } };
const DEV_C_RENDERED = { 'device-controller/renderedVersion': '4' };

let svc: TestService;
let configDir: string;
let now: number;

const get = (...args: string[]) => runCli(['get', ...args], { configDir });

/** Raw SQL on whichever driver the service runs (both drizzle clients expose `query`). */
function sql(text: string): Promise<unknown> {
  const db = svc.service.database.db as unknown as { $client: { query(text: string): Promise<unknown> } };
  return db.$client.query(text);
}

const condition = (type: string, status: string, lastTransitionTime = new Date(now).toISOString()) => ({
  type,
  status,
  reason: type,
  message: '',
  lastTransitionTime,
});

/** An object of `kind` as the store keeps it (typed loosely: the store takes each kind's own type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function obj(kind: string, name: string, fields: Record<string, unknown>, metadata = {}): any {
  return { apiVersion: API_VERSION, kind, metadata: { name, ...metadata }, ...fields };
}

function deviceStatus(
  summary: DeviceSummaryStatusType,
  updated: DeviceUpdatedStatusType,
  apps: ApplicationsSummaryStatusType,
  osMode: OsModeType,
): Device['status'] {
  return {
    conditions: [],
    systemInfo: { architecture: 'amd64', bootID: 'b', operatingSystem: 'linux', agentVersion: 'v1' },
    applications: [],
    applicationsSummary: { status: apps },
    resources: { cpu: 'Healthy', memory: 'Healthy', disk: 'Healthy' },
    integrity: { status: 'Unknown' },
    config: { renderedVersion: '' },
    os: { image: 'quay.io/os:1', imageDigest: '' },
    updated: { status: updated },
    summary: { status: summary },
    lifecycle: { status: 'Enrolled' },
    capabilities: { osMode },
  };
}

async function seed(): Promise<void> {
  const s = svc.service.store;
  const hoursAgo = (h: number) => new Date(now - h * HOUR).toISOString();

  await s.devices.create(
    ORG,
    obj('Device', 'dev-a', {}, { labels: { demo: 'yes', alias: 'kiosk', region: 'eu' }, owner: 'Fleet/f1' }),
  );
  await s.devices.create(ORG, obj('Device', 'dev-b', {}, { labels: { demo: 'yes' } }));
  await s.devices.create(
    ORG,
    obj('Device', 'dev-c', { spec: DEV_C_SPEC }, { labels: { demo: 'yes' }, annotations: DEV_C_RENDERED }),
  );
  await s.devices.update(ORG, 'dev-a', (d) => ({
    ...d,
    status: deviceStatus('Online', 'UpToDate', 'Healthy', 'image'),
  }));
  await s.devices.update(ORG, 'dev-b', (d) => ({
    ...d,
    status: deviceStatus('Error', 'OutOfDate', 'Degraded', 'package'),
  }));
  await s.deviceLastSeen.recordLastSeen(ORG, ['dev-a'], new Date(hoursAgo(2)));
  // Devices for paging: one INSERT, as 1,100 store calls would take seconds.
  await sql(
    `INSERT INTO devices (org_id, name, labels, annotations, generation, resource_version, spec)
     SELECT '${ORG}', 'bulk-' || lpad(i::text, 5, '0'), '{"bulk":"yes"}', '{}', 1, 1, '{}'
     FROM generate_series(1, ${BULK}) AS i`,
  );

  const valid = { conditions: [condition('Valid', 'True')] };
  const f1 = { selector: { matchLabels: { fleet: 'f1', region: 'eu' } }, template: { spec: {} } };
  await s.fleets.create(ORG, obj('Fleet', 'f1', { spec: f1, status: valid }, { owner: 'ResourceSync/rs1' }));
  await s.fleets.create(ORG, obj('Fleet', 'f2', { spec: { template: { spec: {} } } }));
  for (const name of ['tv-1', 'tv-2'])
    await s.templateVersions.create(
      ORG,
      'f1',
      obj('TemplateVersion', name, { spec: { fleet: 'f1' }, status: { conditions: [] } }),
    );
  await sql(`UPDATE template_versions SET created_at = now() - interval '1 hour' WHERE name = 'tv-1'`);

  const accessible = (status: string) => ({ conditions: [condition('Accessible', status)] });
  await s.repositories.create(
    ORG,
    obj('Repository', 'repo-git', {
      spec: { type: 'git', url: 'https://git.example.com/r.git' },
      status: accessible('True'),
    }),
  );
  await s.repositories.create(
    ORG,
    obj('Repository', 'repo-http', {
      spec: { type: 'http', url: 'https://files.example.com' },
      status: accessible('False'),
    }),
  );
  await s.repositories.create(ORG, obj('Repository', 'repo-oci', { spec: { type: 'oci', registry: 'quay.io' } }));

  const synced = { conditions: [condition('Accessible', 'True'), condition('Synced', 'True', hoursAgo(3))] };
  await s.resourceSyncs.create(
    ORG,
    obj('ResourceSync', 'rs1', {
      spec: { repository: 'repo-git', targetRevision: 'main', path: '/fleets' },
      status: synced,
    }),
  );
  await s.resourceSyncs.create(
    ORG,
    obj('ResourceSync', 'rs2', { spec: { repository: 'repo-http', targetRevision: 'v1.2', path: '/' } }),
  );

  const approval = (approved: boolean, labels?: Record<string, string>) => ({
    conditions: [],
    approval: { approved, approvedBy: 'admin', approvedAt: hoursAgo(0), ...(labels && { labels }) },
  });
  await s.enrollmentRequests.create(
    ORG,
    obj('EnrollmentRequest', 'er-approved', { spec: { csr: 'x' }, status: approval(true, { site: 'lab', rack: '7' }) }),
  );
  await s.enrollmentRequests.create(
    ORG,
    obj('EnrollmentRequest', 'er-denied', { spec: { csr: 'x' }, status: approval(false) }),
  );
  await s.enrollmentRequests.create(
    ORG,
    obj('EnrollmentRequest', 'er-pending', { spec: { csr: 'x' }, status: { conditions: [] } }),
  );

  const csr = (spec: Record<string, unknown>) => ({
    request: 'eA==',
    signerName: 'flightctl.io/device-svc-client',
    ...spec,
  });
  const issued = { conditions: [condition('Approved', 'True')], certificate: 'Y2VydA==' };
  await s.certificateSigningRequests.create(
    ORG,
    obj('CertificateSigningRequest', 'csr-issued', {
      spec: csr({ signerName: 'flightctl.io/enrollment', expirationSeconds: 604800, username: 'alice' }),
      status: issued,
    }),
  );
  await s.certificateSigningRequests.create(ORG, obj('CertificateSigningRequest', 'csr-pending', { spec: csr({}) }));
  await s.certificateSigningRequests.create(
    ORG,
    obj('CertificateSigningRequest', 'csr-denied', {
      spec: csr({ expirationSeconds: 90 }),
      status: { conditions: [condition('Denied', 'True')] },
    }),
  );

  const event = (involved: string, type: string, message: string) =>
    s.events.create(ORG, {
      ...obj('Event', '', {
        involvedObject: { kind: 'Device', name: involved },
        reason: 'ResourceUpdated',
        message,
        type,
      }),
      source: { component: 'flightctl-api' },
      actor: 'user:admin',
    });
  await event('dev-a', 'Normal', 'Device dev-a was updated successfully.');
  await event('dev-b', 'Warning', 'Device dev-b is disconnected.');
  await sql(`UPDATE events SET created_at = now() - interval '3 days' WHERE involved_object_name = 'dev-a'`);
  await sql(`UPDATE events SET created_at = now() - interval '2 hours' WHERE involved_object_name = 'dev-b'`);

  const oidc = {
    providerType: 'oidc',
    issuer: 'https://id.example.com',
    clientId: 'flightctl',
    clientSecret: 's',
    enabled: true,
    organizationAssignment: { type: 'static', organizationName: 'default' },
  };
  await s.authProviders.create(ORG, obj('AuthProvider', 'corp-oidc', { spec: oidc }));
  await s.authProviders.create(
    ORG,
    obj('AuthProvider', 'cluster', { spec: { providerType: 'k8s', apiUrl: 'https://k8s.example.com:6443' } }),
  );
}

beforeAll(async () => {
  now = Date.now();
  svc = await startTestService('pglite');
  configDir = mkdtempSync(join(tmpdir(), 'flightctl-cli-get-'));
  writeCliConfig(configDir, svc);
  await seed();
});

afterAll(async () => {
  await svc?.close();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

const table = (...lines: string[]) => lines.map((l) => `${l}\n`).join('');

/** Tables as ref/clients.md §1.6.2 describes them for the seeded data (two spaces between columns). */
const TABLES = {
  devices: table(
    'NAME   ALIAS  OWNER     SYSTEM   UPDATED    APPLICATIONS',
    'dev-a  kiosk  Fleet/f1  Online   UpToDate   Healthy',
    'dev-b         <none>    Error    OutOfDate  Degraded',
    'dev-c         <none>    Unknown  Unknown    Unknown',
  ),
  devicesWide: table(
    'NAME   ALIAS  OWNER     SYSTEM   UPDATED    APPLICATIONS  LABELS',
    'dev-a  kiosk  Fleet/f1  Online   UpToDate   Healthy       alias=kiosk,demo=yes,region=eu',
    'dev-b         <none>    Error    OutOfDate  Degraded      demo=yes',
    'dev-c         <none>    Unknown  Unknown    Unknown       demo=yes',
  ),
  summary: table(
    'DEVICES',
    '3',
    '',
    'STATUS TYPE   STATUS     COUNT',
    'SYSTEM        Error      1',
    'SYSTEM        Online     1',
    'UPDATED       OutOfDate  1',
    'UPDATED       UpToDate   1',
    'APPLICATIONS  Degraded   1',
    'APPLICATIONS  Healthy    1',
    '',
    'CAPABILITY  VALUE    COUNT',
    'OS MODE     image    1',
    'OS MODE     package  1',
    'OS MODE     unknown  1',
  ),
  fleets: table(
    'NAME  OWNER             SELECTOR            VALID',
    'f1    ResourceSync/rs1  fleet=f1,region=eu  True',
    'f2    <none>            <none>              Unknown',
  ),
  fleetsSummary: table(
    'NAME  OWNER             SELECTOR            VALID    DEVICES',
    'f1    ResourceSync/rs1  fleet=f1,region=eu  True     1',
    'f2    <none>            <none>              Unknown  0',
  ),
  templateVersions: table('FLEET  NAME', 'f1     tv-2', 'f1     tv-1'),
  repositories: table(
    'NAME       TYPE  REPOSITORY URL                 ACCESSIBLE',
    'repo-git   git   https://git.example.com/r.git  True',
    'repo-http  http  https://files.example.com      False',
    'repo-oci   oci                                  Unknown',
  ),
  resourceSyncs: table(
    'NAME  REPOSITORY  PATH     REVISION  ACCESSIBLE  SYNCED   LAST SYNC',
    'rs1   repo-git    /fleets  main      True        True     3 hours ago',
    'rs2   repo-http   /        v1.2      Unknown     Unknown  Unknown',
  ),
  enrollmentRequests: table(
    'NAME         APPROVAL  APPROVER  APPROVED LABELS',
    'er-approved  Approved  admin     rack=7,site=lab',
    'er-denied    Denied    admin',
    'er-pending   Pending   <none>',
  ),
  // AGE is Go's duration since creation; the test pins it to 24h0m3Xs (see below).
  csrs: table(
    'NAME         AGE       SIGNERNAME                      REQUESTOR  REQUESTEDDURATION  CONDITION',
    'csr-denied   24h0m3Xs  flightctl.io/device-svc-client  <none>     1m30s              Denied',
    'csr-issued   24h0m3Xs  flightctl.io/enrollment         alice      168h0m0s           Approved,Issued',
    'csr-pending  24h0m3Xs  flightctl.io/device-svc-client  <none>     <none>             Pending',
  ),
  // Newest first, as the server lists events.
  events: table(
    'AGE          INVOLVEDOBJECT.KIND  INVOLVEDOBJECT.NAME  TYPE     MESSAGE',
    '2 hours ago  Device               dev-b                Warning  Device dev-b is disconnected.',
    '3 days ago   Device               dev-a                Normal   Device dev-a was updated successfully.',
  ),
  organizations: table(
    'NAME                                  DISPLAY NAME  EXTERNAL ID',
    '00000000-0000-0000-0000-000000000000  Default       default',
  ),
  authProviders: table(
    'NAME       TYPE  ISSUER                  CLIENT ID  ENABLED',
    'cluster    k8s   <none>                  <none>     <none>',
    'corp-oidc  oidc  https://id.example.com  flightctl  true',
  ),
};

// Every CLI run is a process start (~1 s, more on a busy machine); the data is read-only after seeding,
// so tests run concurrently.
const slow = { timeout: 90_000 };

describe.concurrent('tables', slow, () => {
  it('devices by several names: one filtered list, derived columns, <none> and Unknown', async ({ expect }) => {
    expect(await get('devices', 'dev-a', 'dev-b', 'dev-c')).toEqual({ code: 0, stdout: TABLES.devices, stderr: '' });
  });

  it('devices -o wide with a label selector adds LABELS', async ({ expect }) => {
    expect((await get('dev', '-l', 'demo', '-o', 'wide')).stdout).toBe(TABLES.devicesWide);
  });

  it('devices --summary prints the table, then the summary of all matches', async ({ expect }) => {
    expect((await get('devices', '-l', 'demo', '--summary')).stdout).toBe(`${TABLES.devices}\n${TABLES.summary}`);
  });

  it('devices --summary-only prints only the summary block', async ({ expect }) => {
    expect((await get('devices', '-l', 'demo', '--summary-only')).stdout).toBe(TABLES.summary);
  });

  it('every other kind, listed together: one table each, separated by a blank line', async ({ expect }) => {
    await sql(`UPDATE certificate_signing_requests SET created_at = now() - interval '1 day 30 seconds'`);
    const kinds = 'fleets,tv,repositories,resourcesyncs,enrollmentrequests,csr,events,organizations,authproviders';
    const result = await get(kinds, '--fleetname', 'f1');
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/24h0m[3-5]\ds/g, '24h0m3Xs')).toBe(
      [
        TABLES.fleets,
        TABLES.templateVersions,
        TABLES.repositories,
        TABLES.resourceSyncs,
        TABLES.enrollmentRequests,
        TABLES.csrs,
        TABLES.events,
        TABLES.organizations,
        TABLES.authProviders,
      ].join('\n'),
    );
  });

  it('fleets --summary adds DEVICES (the server counts the devices each fleet owns)', async ({ expect }) => {
    expect((await get('fleets', '--summary')).stdout).toBe(TABLES.fleetsSummary);
  });

  it('events honour --field-selector', async ({ expect }) => {
    const { stdout } = await get('events', '--field-selector', 'involvedObject.name=dev-a,type=Normal');
    expect(stdout).toBe(
      table(
        'AGE         INVOLVEDOBJECT.KIND  INVOLVEDOBJECT.NAME  TYPE    MESSAGE',
        '3 days ago  Device               dev-a                Normal  Device dev-a was updated successfully.',
      ),
    );
  });

  it('--last-seen: the time and how long ago, <never> when the device never called in (204)', async ({ expect }) => {
    const [seen, never, json] = await Promise.all([
      get('dev/dev-a', '--last-seen'),
      get('device', 'dev-b', '--last-seen'),
      get('dev/dev-a', '--last-seen', '-o', 'json'),
    ]);
    const at = new Date(now - 2 * HOUR).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(seen.stdout).toBe(table('LAST SEEN             TIME AGO', `${at}  2 hours ago`));
    expect(never.stdout).toBe(table('LAST SEEN  TIME AGO', '<never>    <never>'));
    expect(JSON.parse(json.stdout)).toEqual({ lastSeen: new Date(now - 2 * HOUR).toISOString() });
  });
});

describe.concurrent('structured output', slow, () => {
  it('-o json and -o yaml print the object as the API returns it; YAML keys sorted', async ({ expect }) => {
    const [json, yaml, api] = await Promise.all([
      get('device/dev-a', '-o', 'json'),
      get('device/dev-a', '-o', 'yaml'),
      svc.request('GET', '/api/v1/devices/dev-a'),
    ]);
    expect(JSON.parse(json.stdout)).toEqual(api.body);
    expect(json.stdout).toBe(`${JSON.stringify(api.body, null, 2)}\n`);
    expect(parse(yaml.stdout)).toEqual(api.body);
    expect(yaml.stdout.split('\n').filter((l) => /^\S/.test(l))).toEqual([
      `apiVersion: ${API_VERSION}`,
      'kind: Device',
      'metadata:',
      'status:',
    ]);
  });

  it('a list prints as the list object; -o name prints one name a line', async ({ expect }) => {
    const [json, names] = await Promise.all([
      get('devices', '-l', 'demo', '-o', 'json'),
      get('devices', '-l', 'demo', '-o', 'name'),
    ]);
    const list = JSON.parse(json.stdout);
    expect(Object.keys(list)).toEqual(['apiVersion', 'kind', 'metadata', 'items', 'summary']);
    expect(list).toMatchObject({ apiVersion: API_VERSION, kind: 'DeviceList', metadata: {} });
    expect(list.items.map((d: { metadata: { name: string } }) => d.metadata.name)).toEqual(['dev-a', 'dev-b', 'dev-c']);
    expect(names.stdout).toBe('dev-a\ndev-b\ndev-c\n');
  });

  it("--rendered prints the rendered device as YAML, or the service's error", async ({ expect }) => {
    const { code, stdout, stderr } = await get('device/dev-c', '--rendered');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(parse(stdout)).toMatchObject({
      kind: 'Device',
      metadata: { name: 'dev-c', annotations: DEV_C_RENDERED },
      spec: { ...DEV_C_SPEC, consoles: [] },
    });
    expect(JSON.parse((await get('device/dev-c', '--rendered', '-o', 'json')).stdout).spec).toEqual({
      ...DEV_C_SPEC,
      consoles: [],
    });
    // dev-a was written without the service's create rules, so it was never rendered.
    expect(await get('device/dev-a', '--rendered')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: no rendered version for device\n',
    });
  });
});

describe.concurrent('paging', slow, () => {
  const rows = (stdout: string) => stdout.trimEnd().split('\n');

  it('a table reads every page: one header, all rows in name order', async ({ expect }) => {
    const { code, stdout, stderr } = await get('devices');
    const lines = rows(stdout);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(lines.filter((l) => l.startsWith('NAME '))).toHaveLength(1);
    expect(lines).toHaveLength(1 + BULK + 3);
    expect(lines[1]).toMatch(/^bulk-00001 /);
    expect(lines[BULK]).toMatch(/^bulk-01100 /);
    expect(lines.slice(-3).map((l) => l.split(' ')[0])).toEqual(['dev-a', 'dev-b', 'dev-c']);
  });

  it('-o json without --limit gathers every page into one list, summaries added up', async ({ expect }) => {
    const list = JSON.parse((await get('devices', '-o', 'json')).stdout);
    expect(list.items).toHaveLength(BULK + 3);
    expect(list.metadata).toEqual({});
    expect(list.summary.total).toBe(BULK + 3);
    expect(list.summary.capabilities.osMode).toEqual({ image: 1, package: 1, unknown: BULK + 1 });
  });

  it('--limit reads one page and says how to continue; --continue reads on', async ({ expect }) => {
    const first = await get('devices', '-l', 'bulk', '--limit', '5', '-o', 'name');
    expect(first.stdout).toBe('bulk-00001\nbulk-00002\nbulk-00003\nbulk-00004\nbulk-00005\n');
    const hint = /^1095 more devices: run again with --continue (\S+)\n$/.exec(first.stderr);
    expect(hint).not.toBeNull();
    const next = await get('devices', '-l', 'bulk', '--limit', '5', '--continue', hint![1]!, '-o', 'name');
    expect(next.stdout).toBe('bulk-00006\nbulk-00007\nbulk-00008\nbulk-00009\nbulk-00010\n');
  });

  it('a table --limit above the page size reads several pages up to the limit', async ({ expect }) => {
    const { stdout, stderr } = await get('devices', '-l', 'bulk', '--limit', '1050');
    expect(rows(stdout)).toHaveLength(1 + 1050);
    expect(rows(stdout).at(-1)).toMatch(/^bulk-01050 /);
    expect(stderr).toMatch(/^50 more devices: run again with --continue \S+\n$/);
  });
});

describe.concurrent('errors', slow, () => {
  const failure = (stderr: string) => ({ code: 1, stdout: '', stderr: `${stderr}\n` });

  it('an API error is shown as its Status message', async ({ expect }) => {
    expect(await get('device/missing')).toEqual(failure('Error: Device of name "missing" not found'));
  });

  it('an unknown kind is named', async ({ expect }) => {
    const { code, stderr } = await get('widgets');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^unsupported resource kind "widgets"; known kinds: devices \(device, dev\), /);
  });

  it('a flag combination the rules forbid fails before any request', async ({ expect }) => {
    expect(await get('devices', '--summary-only', '--limit', '5')).toEqual(
      failure("flags '--limit' and '--continue' are not supported when '--summary-only' is specified"),
    );
  });

  // The same program the binary runs, in this process: every rule without a process start each.
  it.for([
    [['devices', 'dev-a', '-l', 'demo'], 'cannot specify label selector when getting specific resources'],
    [
      ['dev/dev-a', '--field-selector', 'metadata.name=x'],
      'cannot specify field selector when getting specific resources',
    ],
    [['repositories', '--summary'], "'--summary' can only be specified when getting a list of devices or fleets"],
    [['dev/dev-a', '--summary'], "cannot specify '--summary' when getting specific devices"],
    [['fleets', '--summary-only'], "'--summary-only' can only be specified when getting a list of devices"],
    [['dev/dev-a', '--summary-only'], "cannot specify '--summary-only' when getting specific devices"],
    [
      ['devices', '--summary-only', '--continue', 'x'],
      "flags '--limit' and '--continue' are not supported when '--summary-only' is specified",
    ],
    [['templateversions'], 'a fleet name must be specified when getting templateversions (use --fleetname)'],
    [['devices', '--fleetname', 'f1'], "'--fleetname' can only be specified when getting templateversions"],
    [['devices', '-o', 'table'], 'output format must be one of (json, yaml, name, wide)'],
    [['devices', '--rendered'], "'--rendered' can only be used when getting a single device"],
    [['devices', 'a', 'b', '--rendered'], "'--rendered' can only be used when getting a single device"],
    [['events/e1'], 'you cannot get individual events'],
    [['organizations', ORG], 'you cannot get individual organizations'],
    [['events', '-l', 'a=b'], 'events cannot be filtered by label: use --field-selector'],
    [['devices', '--limit', '1001', '-o', 'json'], 'limit higher than 1000 is only supported when using table format'],
    [['devices', '--limit', '-1'], 'limit must be greater than 0'],
    [['devices', '--limit', 'many'], 'invalid argument "many" for "--limit": must be a number'],
    [['fleet/f1', '--last-seen'], "'--last-seen' can only be used when getting a single device"],
    [
      ['dev/dev-a', '--last-seen', '--rendered'],
      "'--last-seen' cannot be combined with '--rendered', '--summary', or '--summary-only'",
    ],
    [['dev/dev-a', '--last-seen', '-o', 'name'], "'--last-seen' does not support '-o name'"],
    [['devices,fleets', '--continue', 'abc'], "'--continue' can only be used when listing one kind of resource"],
  ] as const)('get %j: %s', async ([args, message], { expect }) => {
    const io = { out: () => {}, err: () => {}, isTTY: false };
    const run = buildProgram(io).parseAsync(['node', 'flightctl', '--config-dir', configDir, 'get', ...args]);
    await expect(run).rejects.toThrow(new CliError(message));
    await expect(run).rejects.toMatchObject({ exitCode: 1 });
  });
});
