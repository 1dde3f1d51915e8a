import { and, asc, sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIELD_CATALOGS,
  LABELS_FIELD_CATALOG,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type SelectableKind,
} from '@flightctl/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import {
  authProviders,
  certificateSigningRequests,
  DEFAULT_ORG_ID,
  devices,
  enrollmentRequests,
  events,
  fleets,
  repositories,
  resourceSyncs,
  templateVersions,
} from './schema.js';
import { listDeviceLabels } from './device-labels.js';
import { LABELS_SELECTABLE_COLUMNS, SELECTABLE_COLUMNS } from './selectable-columns.js';
import { fieldSelectorSql, labelSelectorSql } from './selector-sql.js';

const dialect = new PgDialect();
const render = (query: SQL | undefined) => dialect.sqlToQuery(query ?? sql``);

describe('labelSelectorSql', () => {
  it('is undefined for no requirements', () => {
    expect(labelSelectorSql([], devices.labels)).toBeUndefined();
  });

  it('folds all single-valued equalities into one containment the GIN index serves in one probe', () => {
    const q = render(labelSelectorSql(parseLabelSelector('a=1,b==2,c in (3),d'), devices.labels));
    expect(q.sql).toBe('("devices"."labels" @> $1::jsonb AND "devices"."labels" ? $2)');
    expect(q.params).toEqual(['{"a":"1","b":"2","c":"3"}', 'd']);
  });

  it('renders negatives so that rows without the key match', () => {
    const q = render(labelSelectorSql(parseLabelSelector('a!=1,b notin (x,y),!c'), devices.labels));
    expect(q.sql).toBe(
      '(("devices"."labels" IS NULL OR NOT ("devices"."labels" @> $1::jsonb))' +
        ' AND ("devices"."labels" IS NULL OR NOT (("devices"."labels" @> $2::jsonb OR "devices"."labels" @> $3::jsonb)))' +
        ' AND ("devices"."labels" IS NULL OR NOT ("devices"."labels" ? $4)))',
    );
    expect(q.params).toEqual(['{"a":"1"}', '{"b":"x"}', '{"b":"y"}', 'c']);
  });

  it('binds keys and values as parameters, never as SQL text', () => {
    const hostile = `x"}'::jsonb OR true --`;
    const q = render(
      labelSelectorSql(
        [
          { key: 'env', operator: '=', values: [hostile] },
          { key: hostile, operator: 'exists', values: [] },
        ],
        devices.labels,
      ),
    );
    expect(q.sql).not.toContain('OR true');
    expect(q.params).toEqual([JSON.stringify({ env: hostile }), hostile]);
  });
});

describe('fieldSelectorSql', () => {
  it('is undefined for no requirements', () => {
    expect(fieldSelectorSql([], SELECTABLE_COLUMNS.Device)).toBeUndefined();
  });

  it('reads indexed device statuses from their extracted columns, and other JSON-backed fields with the path inlined', () => {
    const indexed = render(
      fieldSelectorSql(
        parseFieldSelector('status.summary.status=Online', FIELD_CATALOGS.Device),
        SELECTABLE_COLUMNS.Device,
      ),
    );
    expect(indexed.sql).toBe(`"devices"."summary_status" = $1`);
    expect(indexed.params).toEqual(['Online']);
    const json = render(
      fieldSelectorSql(
        parseFieldSelector('status.lifecycle.status=Enrolled', FIELD_CATALOGS.Device),
        SELECTABLE_COLUMNS.Device,
      ),
    );
    expect(json.sql).toBe(`("devices"."status"->'lifecycle'->>'status') = $1`);
  });

  it('casts timestamps, booleans and numbers on both sides', () => {
    const ts = render(
      fieldSelectorSql(
        parseFieldSelector('metadata.creationTimestamp>2024-01-01T00:00:00Z', FIELD_CATALOGS.Device),
        SELECTABLE_COLUMNS.Device,
      ),
    );
    expect(ts.sql).toBe('("devices"."created_at")::timestamptz > $1::timestamptz');
    const bool = render(
      fieldSelectorSql(
        parseFieldSelector('status.approval.approved!=true', FIELD_CATALOGS.EnrollmentRequest),
        SELECTABLE_COLUMNS.EnrollmentRequest,
      ),
    );
    expect(bool.sql).toBe(
      `(("enrollment_requests"."status"->'approval'->>'approved') IS NULL OR NOT ((("enrollment_requests"."status"->'approval'->>'approved'))::boolean = $1::boolean))`,
    );
    const number = render(
      fieldSelectorSql([{ key: 'n', operator: '<=', values: ['1.5'] }], { n: { type: 'number', sql: sql`x` } }),
    );
    expect(number.sql).toBe('(x)::numeric <= $1::numeric');
  });

  it('ORs the expressions of a multi-column name, and requires none to match for a negative', () => {
    const positive = render(
      fieldSelectorSql(parseFieldSelector('metadata.nameOrAlias=a', FIELD_CATALOGS.Device), SELECTABLE_COLUMNS.Device),
    );
    expect(positive.sql).toBe('("devices"."name" = $1 OR "devices"."alias" = $2)');
    const negative = render(
      fieldSelectorSql(parseFieldSelector('metadata.nameOrAlias!=a', FIELD_CATALOGS.Device), SELECTABLE_COLUMNS.Device),
    );
    expect(negative.sql).toBe(
      '(("devices"."name" IS NULL OR NOT ("devices"."name" = $1)) AND ("devices"."alias" IS NULL OR NOT ("devices"."alias" = $2)))',
    );
  });

  it('uses array operators for array columns', () => {
    const columns = { tags: { type: 'array' as const, sql: sql`tags` } };
    const contains = render(fieldSelectorSql([{ key: 'tags', operator: 'contains', values: ['a'] }], columns));
    expect(contains.sql).toBe('tags @> ARRAY[$1]::text[]');
    const notIn = render(fieldSelectorSql([{ key: 'tags', operator: 'notin', values: ['a', 'b'] }], columns));
    expect(notIn.sql).toBe('(tags IS NULL OR NOT (tags && ARRAY[$1, $2]::text[]))');
  });

  it('escapes LIKE syntax in partial matches', () => {
    const q = render(
      fieldSelectorSql(
        [{ key: 'metadata.alias', operator: 'contains', values: ['a%b_c\\d'] }],
        SELECTABLE_COLUMNS.Device,
      ),
    );
    expect(q.sql).toBe('"devices"."alias" LIKE $1');
    expect(q.params).toEqual(['%a\\%b\\_c\\\\d%']);
  });

  it('rejects names the columns do not cover with the unknown-selector error', () => {
    expect(() => fieldSelectorSql([{ key: 'nope', operator: 'exists', values: [] }], SELECTABLE_COLUMNS.Fleet)).toThrow(
      expect.objectContaining({
        code: 400,
        message:
          'unknown or unsupported selector: unable to resolve selector name "nope". Supported selectors are: [metadata.creationTimestamp metadata.name metadata.owner spec.template.spec.os.image]',
      }),
    );
  });
});

describe('selectable columns', () => {
  it.each(Object.keys(FIELD_CATALOGS) as SelectableKind[])('map every %s selector, with its type', (kind) => {
    const columns = SELECTABLE_COLUMNS[kind];
    expect(Object.keys(columns).sort()).toEqual(Object.keys(FIELD_CATALOGS[kind]).sort());
    for (const [name, field] of Object.entries(FIELD_CATALOGS[kind])) expect(columns[name].type, name).toBe(field.type);
  });

  it('map every /labels selector', () => {
    expect(Object.keys(LABELS_SELECTABLE_COLUMNS).sort()).toEqual(Object.keys(LABELS_FIELD_CATALOG).sort());
  });

  it('select the fleet name as a template version owner', () => {
    const q = render(
      fieldSelectorSql(
        parseFieldSelector('metadata.owner=f1', FIELD_CATALOGS.TemplateVersion),
        SELECTABLE_COLUMNS.TemplateVersion,
      ),
    );
    expect(q.sql).toBe('"template_versions"."fleet_name" = $1');
  });
});

const TABLES: Record<SelectableKind, PgTable> = {
  Device: devices,
  Fleet: fleets,
  Repository: repositories,
  ResourceSync: resourceSyncs,
  EnrollmentRequest: enrollmentRequests,
  CertificateSigningRequest: certificateSigningRequests,
  Event: events,
  AuthProvider: authProviders,
  TemplateVersion: templateVersions,
};

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe.each(databaseKinds())('selectors on %s', (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const orgId = DEFAULT_ORG_ID;
    await t.database.db.insert(devices).values([
      {
        orgId,
        name: 'd1',
        owner: 'Fleet/f1',
        alias: 'alpha',
        labels: { env: 'prod', region: 'eu', alias: 'alpha' },
        status: { summary: { status: 'Online' }, updated: { status: 'UpToDate' } },
        createdAt: day('2024-01-01'),
      },
      {
        orgId,
        name: 'd2',
        labels: { env: 'dev', region: 'us' },
        status: { summary: { status: 'Degraded' } },
        createdAt: day('2024-02-01'),
      },
      { orgId, name: 'd3', owner: 'Fleet/f2', alias: 'x_y', labels: {}, createdAt: day('2024-03-01') },
      {
        orgId,
        name: 'd4',
        owner: 'Fleet/f1',
        alias: 'xzy',
        labels: { env: 'prod', tier: 'web' },
        status: { summary: { status: 'Online' } },
        createdAt: day('2024-04-01'),
      },
      {
        orgId,
        name: 'd5',
        alias: 'p%q\\r',
        labels: { env: 'qa' },
        status: { summary: { status: 'Unknown' } },
        createdAt: day('2024-05-01'),
      },
    ]);
    await t.database.db.insert(enrollmentRequests).values([
      { orgId, name: 'er1', spec: {}, status: { approval: { approved: true }, certificate: 'PEM' } },
      { orgId, name: 'er2', spec: {}, status: { approval: { approved: false } } },
      { orgId, name: 'er3', spec: {} },
    ]);
    const event = { orgId, message: 'm', sourceComponent: 'test' };
    await t.database.db.insert(events).values([
      {
        ...event,
        name: 'e1',
        reason: 'DeviceCreated',
        type: 'Normal',
        actor: 'user:alice',
        involvedObjectKind: 'Device',
        involvedObjectName: 'd1',
        createdAt: day('2024-01-01'),
      },
      {
        ...event,
        name: 'e2',
        reason: 'DeviceUpdated',
        type: 'Warning',
        actor: 'service:x',
        involvedObjectKind: 'Device',
        involvedObjectName: 'd2',
        createdAt: day('2024-01-02'),
      },
      {
        ...event,
        name: 'e3',
        reason: 'FleetCreated',
        type: 'Normal',
        actor: 'user:bob',
        involvedObjectKind: 'Fleet',
        involvedObjectName: 'f1',
        createdAt: day('2024-01-03'),
      },
    ]);
  });
  afterAll(() => t?.dispose());

  async function deviceNames(where: SQL | undefined): Promise<string[]> {
    const rows = await t.database.db
      .select({ name: devices.name })
      .from(devices)
      .where(where)
      .orderBy(asc(devices.name));
    return rows.map((r) => r.name);
  }

  const byLabels = (selector: string) => deviceNames(labelSelectorSql(parseLabelSelector(selector), devices.labels));
  const byFields = (selector: string) =>
    deviceNames(fieldSelectorSql(parseFieldSelector(selector, FIELD_CATALOGS.Device), SELECTABLE_COLUMNS.Device));

  it.each([
    ['', ['d1', 'd2', 'd3', 'd4', 'd5']],
    ['env=prod', ['d1', 'd4']],
    ['env==prod,region=eu', ['d1']],
    ['env in (prod),tier=web', ['d4']],
    ['env=prod,env=dev', []],
    ['env!=prod', ['d2', 'd3', 'd5']],
    ['env in (dev,qa)', ['d2', 'd5']],
    ['env notin (prod,dev)', ['d3', 'd5']],
    ['region', ['d1', 'd2']],
    ['!region', ['d3', 'd4', 'd5']],
    ['env,!tier,env!=qa', ['d1', 'd2']],
  ])('label selector %j selects %j', async (selector, expected) => {
    expect(await byLabels(selector)).toEqual(expected);
  });

  it.each([
    ['status.summary.status=Online', ['d1', 'd4']],
    ['status.summary.status!=Online', ['d2', 'd3', 'd5']],
    ['status.summary.status in (Online,Degraded)', ['d1', 'd2', 'd4']],
    ['status.summary.status notin (Online)', ['d2', 'd3', 'd5']],
    ['status.updated.status', ['d1']],
    ['!status.updated.status', ['d2', 'd3', 'd4', 'd5']],
    ['metadata.owner=Fleet/f1', ['d1', 'd4']],
    ['metadata.owner!=Fleet/f1', ['d2', 'd3', 'd5']],
    ['!metadata.owner', ['d2', 'd5']],
    ['metadata.name==d2', ['d2']],
    ['metadata.alias contains x_y', ['d3']],
    ['metadata.alias contains x', ['d3', 'd4']],
    ['metadata.alias notcontains x', ['d1', 'd2', 'd5']],
    ['metadata.alias contains \\\\', ['d5']],
    ['metadata.nameOrAlias=alpha', ['d1']],
    ['metadata.nameOrAlias in (d2,xzy)', ['d2', 'd4']],
    ['metadata.nameOrAlias!=alpha', ['d2', 'd3', 'd4', 'd5']],
    ['metadata.nameOrAlias notcontains a', ['d2', 'd3', 'd4', 'd5']],
    ['metadata.nameOrAlias contains 3', ['d3']],
    ['metadata.creationTimestamp>2024-02-01T00:00:00Z', ['d3', 'd4', 'd5']],
    ['metadata.creationTimestamp<=2024-02-01T00:00:00Z', ['d1', 'd2']],
    ['metadata.creationTimestamp>=2024-02-01T01:00:00+01:00', ['d2', 'd3', 'd4', 'd5']],
    ['metadata.creationTimestamp<2024-03-01T00:00:00.000001Z', ['d1', 'd2', 'd3']],
    ['metadata.creationTimestamp in (2024-01-01T00:00:00Z, 2024-03-01T00:00:00Z)', ['d1', 'd3']],
    ['metadata.creationTimestamp!=2024-01-01T00:00:00Z', ['d2', 'd3', 'd4', 'd5']],
    ['metadata.owner=Fleet/f1,status.summary.status=Online,metadata.alias!=alpha', ['d4']],
  ])('field selector %j selects %j', async (selector, expected) => {
    expect(await byFields(selector)).toEqual(expected);
  });

  it('matches % literally in partial matches', async () => {
    const percent: FieldRequirement = { key: 'metadata.alias', operator: 'contains', values: ['%'] };
    expect(await deviceNames(fieldSelectorSql([percent], SELECTABLE_COLUMNS.Device))).toEqual(['d5']);
  });

  it('combines label and field selectors', async () => {
    const where = and(
      labelSelectorSql(parseLabelSelector('env=prod'), devices.labels),
      fieldSelectorSql(parseFieldSelector('metadata.alias=xzy', FIELD_CATALOGS.Device), SELECTABLE_COLUMNS.Device),
    );
    expect(await deviceNames(where)).toEqual(['d4']);
  });

  it.each([
    ['status.approval.approved=true', ['er1']],
    ['status.approval.approved==false', ['er2']],
    ['status.approval.approved!=true', ['er2', 'er3']],
    ['status.approval.approved in (true,false)', ['er1', 'er2']],
    ['status.approval.approved notin (false)', ['er1', 'er3']],
    ['status.approval.approved', ['er1', 'er2']],
    ['!status.approval.approved', ['er3']],
    ['status.certificate', ['er1']],
    ['!status.certificate', ['er2', 'er3']],
  ])('enrollment request selector %j selects %j', async (selector, expected) => {
    const where = fieldSelectorSql(
      parseFieldSelector(selector, FIELD_CATALOGS.EnrollmentRequest),
      SELECTABLE_COLUMNS.EnrollmentRequest,
    );
    const rows = await t.database.db
      .select({ name: enrollmentRequests.name })
      .from(enrollmentRequests)
      .where(where)
      .orderBy(asc(enrollmentRequests.name));
    expect(rows.map((r) => r.name)).toEqual(expected);
  });

  it.each([
    ['reason in (DeviceCreated,FleetCreated)', ['e1', 'e3']],
    ['reason contains Created', ['e1', 'e3']],
    ['reason notcontains Device', ['e3']],
    ['type=Warning', ['e2']],
    ['actor contains user:', ['e1', 'e3']],
    ['involvedObject.kind=Device,involvedObject.name!=d1', ['e2']],
    ['metadata.creationTimestamp>=2024-01-02T00:00:00Z', ['e2', 'e3']],
    ['!metadata.owner', ['e1', 'e2', 'e3']],
  ])('event selector %j selects %j', async (selector, expected) => {
    const where = fieldSelectorSql(parseFieldSelector(selector, FIELD_CATALOGS.Event), SELECTABLE_COLUMNS.Event);
    const rows = await t.database.db.select({ name: events.name }).from(events).where(where).orderBy(asc(events.name));
    expect(rows.map((r) => r.name)).toEqual(expected);
  });

  it.each([
    ['metadata.labels.keyOrValue contains u', ['region=eu', 'region=us']],
    ['metadata.labels.key=env,metadata.labels.value!=prod', ['env=dev', 'env=qa']],
    ['metadata.labels.key=env,status.summary.status=Online', ['env=prod']],
    ['metadata.labels.keyOrValue=alpha', ['alias=alpha']],
  ])('/labels selector %j selects %j', async (selector, expected) => {
    const where = fieldSelectorSql(parseFieldSelector(selector, LABELS_FIELD_CATALOG), LABELS_SELECTABLE_COLUMNS);
    expect(await listDeviceLabels(t.database.db, DEFAULT_ORG_ID, { deviceWhere: where })).toEqual(expected);
  });

  it('treats SQL in values and keys as data', async () => {
    const hostile = "d1' OR '1'='1";
    expect(
      await deviceNames(
        fieldSelectorSql([{ key: 'metadata.name', operator: '=', values: [hostile] }], SELECTABLE_COLUMNS.Device),
      ),
    ).toEqual([]);
    expect(
      await deviceNames(
        labelSelectorSql(
          [
            { key: 'env', operator: '=', values: [`prod"}'::jsonb OR true --`] },
            { key: "env' OR true --", operator: 'exists', values: [] },
          ],
          devices.labels,
        ),
      ),
    ).toEqual([]);
    expect(await byFields("metadata.name=d1'\\)\\;\\ DROP\\ TABLE\\ devices\\;\\ --")).toEqual([]);
    expect(await byFields("metadata.name notin (d1\\'\\ OR\\ \\'1\\'\\=\\'1, d2)")).toEqual(['d1', 'd3', 'd4', 'd5']);
    expect(await deviceNames(undefined)).toHaveLength(5);
  });

  it.each(Object.keys(FIELD_CATALOGS) as SelectableKind[])('runs every %s selector against its table', async (kind) => {
    const sample = {
      string: 'x',
      timestamp: '2024-01-01T00:00:00Z',
      boolean: 'true',
      number: '1',
      array: 'x',
    } as const;
    for (const [name, field] of Object.entries(SELECTABLE_COLUMNS[kind])) {
      const requirements: FieldRequirement[] = [
        { key: name, operator: 'exists', values: [] },
        { key: name, operator: field.type === 'array' ? 'notin' : '!=', values: [sample[field.type]] },
      ];
      const query = t.database.db.select({ n: sql<number>`count(*)` }).from(TABLES[kind]);
      await expect(query.where(fieldSelectorSql(requirements, SELECTABLE_COLUMNS[kind])), name).resolves.toBeDefined();
    }
  });
});
