/**
 * Every resource in examples/*.yaml goes through its whole life over the API: create (JSON, and YAML
 * as our extension), read back, list by the examples' label selector, JSON-patch a label, delete.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  API_VERSION,
  EXAMPLES_DIR,
  PLURAL,
  exampleFiles,
  expectDeleted,
  expectFailure,
  expectOk,
  loadExample,
  notFoundMessage,
  q,
  upstream,
  type ApiResponse,
  type Client,
  type Json,
  type ServiceContext,
} from '../fixtures.js';

const files = exampleFiles();

/** Create → get → list → patch → delete → 404, asserting what users rely on at each step. */
async function lifecycle(api: Client, example: Json, create: () => Promise<ApiResponse>) {
  const { kind } = example;
  const name: string = example.metadata.name;
  const plural = PLURAL[kind]!;
  const startedAt = Date.now();

  const created = expectOk(await create(), 201);
  expect(created).toMatchObject({
    apiVersion: API_VERSION,
    kind,
    metadata: { name, labels: example.metadata.labels, generation: 1, resourceVersion: '1' },
    spec: example.spec,
  });
  const createdAt = Date.parse(created.metadata.creationTimestamp);
  expect(createdAt).not.toBeNaN();
  expect(Math.abs(createdAt - startedAt)).toBeLessThan(60_000);

  const got = expectOk(await api.get(`/${plural}/${name}`));
  expect(got).toMatchObject({
    apiVersion: API_VERSION,
    kind,
    metadata: {
      name,
      labels: example.metadata.labels,
      generation: 1,
      resourceVersion: '1',
      creationTimestamp: created.metadata.creationTimestamp,
    },
    spec: example.spec,
  });
  expect(got.spec).toEqual(created.spec);

  const list = expectOk(await api.get(`/${plural}${q({ labelSelector: 'example=true' })}`));
  expect(list.kind).toBe(`${kind}List`);
  expect(list.apiVersion).toBe(API_VERSION);
  expect(list.items.map((i: Json) => i.metadata.name)).toContain(name);
  for (const item of list.items) expect(item.metadata.labels.example).toBe('true');
  const none = expectOk(await api.get(`/${plural}${q({ labelSelector: 'example=false' })}`));
  expect(none.items.map((i: Json) => i.metadata.name)).not.toContain(name);

  const patched = expectOk(
    await api.patch(`/${plural}/${name}`, [{ op: 'add', path: '/metadata/labels/stage', value: 'patched' }]),
  );
  expect(patched.metadata.labels).toEqual({ ...example.metadata.labels, stage: 'patched' });
  expect(patched.metadata.generation).toBe(1);
  expect(patched.metadata.resourceVersion).toBe('2');
  expect(patched.spec).toEqual(got.spec);
  const reread = expectOk(await api.get(`/${plural}/${name}`));
  expect(reread.metadata.labels.stage).toBe('patched');

  expectDeleted(await api.delete(`/${plural}/${name}`));
  expectFailure(await api.get(`/${plural}/${name}`), 404, notFoundMessage(kind, name));
}

/** Checks of the files themselves (no service needed). */
export function exampleFileTests(): void {
  describe('example files', () => {
    it('exist for every kind the README lists, all labelled example=true', () => {
      expect(files).toEqual([
        'device.yaml',
        'enrollmentrequest.yaml',
        'fleet.yaml',
        'repository-git.yaml',
        'repository-http.yaml',
        'repository-oci.yaml',
        'resourcesync.yaml',
      ]);
      for (const file of files) expect(loadExample(file).metadata.labels.example, file).toBe('true');
    });

    it.each(files)('%s is a valid request body for upstream', (file) => {
      const example = loadExample(file);
      const contract = upstream();
      if (!contract) return;
      expect(contract.validateRequestBody('POST', `/api/v1/${PLURAL[example.kind]}`, example)).toEqual([]);
    });
  });
}

export function exampleTests(ctx: ServiceContext): void {
  describe('examples', () => {
    it.each(files)('%s: created from JSON, read, listed, patched, deleted', async (file) => {
      const example = loadExample(file);
      await lifecycle(ctx.api, example, () => ctx.api.post(`/${PLURAL[example.kind]}`, example));
    });

    it.each(files)('%s: created from the YAML file as is (application/yaml)', async (file) => {
      // Same document under another name, so this test never collides with the JSON one.
      const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8').replace(/^( {2}name: .+)$/m, '$1-yaml');
      const example = loadExample(file);
      example.metadata.name = `${example.metadata.name}-yaml`;
      await lifecycle(ctx.api, example, () =>
        ctx.api.request('POST', `/${PLURAL[example.kind]}`, { body: text, contentType: 'application/yaml' }),
      );
    });
  });
}
