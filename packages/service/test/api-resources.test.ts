/**
 * API end-to-end tests, part 1: the resources themselves. One service per database kind (starting one
 * is the expensive part), shared by the suites below; every test uses names of its own, so none depends
 * on another or on their order. The suites live in ./suites, one per theme.
 */
import { describe } from 'vitest';
import { databaseKinds } from '@flightctl/testing';
import { useService } from './fixtures.js';
import { writeTests } from './suites/crud.js';
import { deviceTests } from './suites/devices.js';
import { errorTests } from './suites/errors.js';
import { exampleFileTests, exampleTests } from './suites/examples.js';
import { fleetTests } from './suites/fleets.js';

exampleFileTests();

describe.each(databaseKinds())('resources on %s', (kind) => {
  const ctx = useService(kind);
  exampleTests(ctx);
  writeTests(ctx);
  errorTests(ctx);
  deviceTests(ctx);
  fleetTests(ctx);
});
