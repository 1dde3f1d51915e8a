import { describe, expect, it } from 'vitest';
import type { ApplicationProviderSpec, ObjectMeta } from '@flightctl/api';
import { assertApplicationExists, recordAction, type LifecycleOverrides } from './application-lifecycle.js';

const KEY = 'device-controller/applicationLifecycle';
const overrides = (meta: ObjectMeta) => JSON.parse(meta.annotations![KEY]!) as LifecycleOverrides;

describe('recordAction', () => {
  it('records stop and start as the desired state with a version that always moves forward', () => {
    const meta: ObjectMeta = { name: 'd', annotations: { other: 'kept' } };
    recordAction(meta, KEY, 'web', 'stop');
    const stopped = overrides(meta).web!;
    expect(stopped.desiredState).toBe('stopped');
    recordAction(meta, KEY, 'web', 'start');
    const started = overrides(meta).web!;
    expect(started.desiredState).toBe('running');
    expect(started.version).toBeGreaterThan(stopped.version);
    expect(meta.annotations!.other).toBe('kept');
  });

  it('counts restarts per application without touching the desired state', () => {
    const meta: ObjectMeta = { name: 'd' };
    recordAction(meta, KEY, 'web', 'restart');
    recordAction(meta, KEY, 'web', 'restart');
    recordAction(meta, KEY, 'db', 'restart');
    expect(overrides(meta).web).toMatchObject({ restartGeneration: 2 });
    expect(overrides(meta).web!.desiredState).toBeUndefined();
    expect(overrides(meta).db).toMatchObject({ restartGeneration: 1 });
  });
});

describe('assertApplicationExists', () => {
  const apps = [
    { appType: 'compose', name: 'web', image: 'quay.io/x/web:1' },
    { appType: 'container', image: 'quay.io/x/unnamed:2' },
  ] as ApplicationProviderSpec[];

  it('finds apps by name, and unnamed image apps by their image', () => {
    expect(() => assertApplicationExists(apps, 'web')).not.toThrow();
    expect(() => assertApplicationExists(apps, 'quay.io/x/unnamed:2')).not.toThrow();
  });

  it('answers 404 naming the application otherwise', () => {
    expect(() => assertApplicationExists(apps, 'nope')).toThrow('Application of name "nope" not found');
    expect(() => assertApplicationExists(undefined, 'web')).toThrow('Application of name "web" not found');
  });
});
