/**
 * Stop/start/restart of an application (ref/api.md §6.7). The request is recorded as an override in
 * an annotation (per device, or fleet-wide); rendering applies it to the device's target.
 * Stop/start carry a time version so the newest of device and fleet overrides wins.
 */
import { badRequest, notFound, type ApplicationProviderSpec, type ObjectMeta } from '@flightctl/api';

export type LifecycleAction = 'stop' | 'start' | 'restart';

export interface LifecycleOverride {
  desiredState?: 'running' | 'stopped';
  restartGeneration?: number;
  /** Milliseconds since the epoch of the last stop/start. */
  version: number;
}

export type LifecycleOverrides = Record<string, LifecycleOverride>;

/** An image application without a name is called by its image reference, as upstream does. */
const applicationName = (app: ApplicationProviderSpec): string | undefined =>
  app.name ?? ('image' in app ? (app.image as string) : undefined);

export function assertApplicationExists(apps: ApplicationProviderSpec[] | undefined, name: string): void {
  if (!apps?.some((a) => applicationName(a) === name)) throw notFound('Application', name);
}

function parseOverrides(annotation: string | undefined): LifecycleOverrides {
  if (!annotation) return {};
  try {
    return JSON.parse(annotation) as LifecycleOverrides;
  } catch {
    throw badRequest('stored application lifecycle annotation is not valid JSON');
  }
}

function applyAction(overrides: LifecycleOverrides, app: string, action: LifecycleAction, now = Date.now()) {
  const current = overrides[app] ?? { version: 0 };
  const next: LifecycleOverride =
    action === 'restart'
      ? { ...current, restartGeneration: (current.restartGeneration ?? 0) + 1 }
      : {
          ...current,
          desiredState: action === 'stop' ? 'stopped' : 'running',
          version: Math.max(now, current.version + 1),
        };
  return { ...overrides, [app]: next };
}

/** Records `action` for `app` in the lifecycle annotation `key` of an object's metadata. */
export function recordAction(metadata: ObjectMeta, key: string, app: string, action: LifecycleAction): void {
  const annotations = metadata.annotations ?? {};
  const overrides = applyAction(parseOverrides(annotations[key]), app, action);
  metadata.annotations = { ...annotations, [key]: JSON.stringify(overrides) };
}
