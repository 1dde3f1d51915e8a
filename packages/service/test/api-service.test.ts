/**
 * API end-to-end tests, part 2: the service around the resources, served over TLS (so every request
 * here also proves the generated certificate chain): meta endpoints, headers, versions, organizations,
 * lists and selectors, events. One service per database kind, shared; tests use names of their own.
 */
import { describe } from 'vitest';
import { databaseKinds } from '@flightctl/testing';
import { useService } from './fixtures.js';
import { eventTests } from './suites/events.js';
import { listTests } from './suites/lists.js';
import { metaTests } from './suites/meta.js';

describe.each(databaseKinds())('service on %s (TLS)', (kind) => {
  const ctx = useService(kind, { tls: true });
  metaTests(ctx);
  listTests(ctx);
  eventTests(ctx);
});
