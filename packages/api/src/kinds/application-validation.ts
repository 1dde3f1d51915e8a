/**
 * The rules on `spec.applications` that the schema cannot express (api.md §4.2.2, §10): one source per
 * app and the sources and volume kinds its type accepts, unique names, env var keys, ports, limits,
 * relative inline paths and content size. Fleet templates may parameterise image refs, inline files and env
 * var values.
 */
import type { FieldError } from '../common/errors.js';
import { DNS1123_SUBDOMAIN_MAX, validateDnsLabel } from '../common/names.js';
import type { AppType } from './app-type.js';
import type { ApplicationProviderSpec, ApplicationVolume, ApplicationContent } from './applications.js';
import { at, duplicates } from './field-errors.js';
import { inlineContentProblems } from './file-content.js';
import {
  envVarNameProblems,
  imageReferenceProblems,
  linuxUserProblems,
  relativePathProblems,
  templatedImageReferenceProblems,
  absolutePathProblems,
} from './spec-formats.js';
import { checkTemplatable } from './template-params.js';

type Source = 'image' | 'catalogItemRef' | 'inline';
type VolumeKind = 'image' | 'mount' | 'image-mount';

const SOURCES: Record<AppType, readonly Source[]> = {
  compose: ['image', 'catalogItemRef', 'inline'],
  quadlet: ['image', 'catalogItemRef', 'inline'],
  container: ['image', 'catalogItemRef'],
  helm: ['image', 'catalogItemRef'],
  vm: ['image', 'inline'],
};
const VOLUME_KINDS: Record<AppType, readonly VolumeKind[]> = {
  compose: ['image'],
  quadlet: ['image'],
  container: ['mount', 'image-mount'],
  helm: [],
  vm: [],
};
/** App names, volume names and env var keys/values: at most 253 characters. */
const LONG_NAME_MAX = DNS1123_SUBDOMAIN_MAX;
const INLINE_PATH_MAX = 253;
const PORT_MAX = 65535;
const VM_DEFINITION_FILE = 'vm.yaml';
const cpuLimitRe = /^(\d+\.?\d*|\.\d+)$/;
const memoryLimitRe = /^[0-9]+[bkmg]?$/;

function imageRef(value: string, path: string, allowTemplates: boolean): FieldError[] {
  return checkTemplatable(value, path, allowTemplates, imageReferenceProblems, templatedImageReferenceProblems);
}

function lengthProblems(value: string): string[] {
  if (value.length === 0) return ['must not be empty'];
  return value.length > LONG_NAME_MAX ? [`must be no more than ${LONG_NAME_MAX} characters`] : [];
}

/** `host:guest` port mappings (an optional `/proto` suffix is left to the schema). */
function validatePorts(ports: readonly string[], path: string): FieldError[] {
  return ports.flatMap((port, k) =>
    port
      .split('/')[0]
      .split(':')
      .filter((n) => !(Number(n) >= 1 && Number(n) <= PORT_MAX))
      .map((n) => ({ path: `${path}[${k}]`, message: `port ${n} is outside 1-${PORT_MAX}` })),
  );
}

function volumeKind(volume: ApplicationVolume): VolumeKind | undefined {
  if (volume.image && volume.mount) return 'image-mount';
  if (volume.image) return 'image';
  return volume.mount ? 'mount' : undefined;
}

function validateVolume(volume: ApplicationVolume, path: string, appType: AppType, allowTemplates: boolean) {
  const errs = at(`${path}.name`, validateDnsLabel(volume.name, LONG_NAME_MAX));
  const kind = volumeKind(volume);
  if (!kind) errs.push({ path, message: 'one of image or mount is required' });
  else if (!VOLUME_KINDS[appType].includes(kind))
    errs.push({ path, message: `${kind} volumes are not supported by ${appType} applications` });
  if (volume.image) {
    const { reference, catalogItemRef } = volume.image;
    if ((reference === undefined) === (catalogItemRef === undefined))
      errs.push({ path: `${path}.image`, message: 'exactly one of reference or catalogItemRef is required' });
    if (reference !== undefined) errs.push(...imageRef(reference, `${path}.image.reference`, allowTemplates));
  }
  if (volume.mount) errs.push(...at(`${path}.mount.path`, absolutePathProblems(volume.mount.path.split(':')[0])));
  return errs;
}

function validateInline(contents: readonly ApplicationContent[], path: string, allowTemplates: boolean) {
  const errs = contents.flatMap((c, k) => [
    ...checkTemplatable(c.path, `${path}[${k}].path`, allowTemplates, (p) => relativePathProblems(p, INLINE_PATH_MAX)),
    ...at(`${path}[${k}].content`, inlineContentProblems(c.content ?? '', c.contentEncoding, allowTemplates)),
  ]);
  for (const { index, value } of duplicates(contents.map((c) => c.path)))
    errs.push({ path: `${path}[${index}].path`, message: `duplicate inline path "${value}"` });
  return errs;
}

/** Keys are variable names; keys and values hold 1-253 characters; values may be fleet-template parameters. */
function validateEnvVars(envVars: Record<string, string>, path: string, allowTemplates: boolean): FieldError[] {
  const valueProblems = (value: string) => lengthProblems(value).map((m) => `value ${m}`);
  return Object.entries(envVars).flatMap(([key, value]) => [
    ...at(`${path}.${key}`, [...envVarNameProblems(key), ...lengthProblems(key)]),
    ...checkTemplatable(value, `${path}.${key}`, allowTemplates, valueProblems),
  ]);
}

/** Rules of the fields only some app types have. */
function validateTypeFields(app: ApplicationProviderSpec, path: string, allowTemplates: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (app.appType === 'container') {
    errs.push(...validatePorts(app.ports ?? [], `${path}.ports`));
    const { cpu, memory } = app.resources?.limits ?? {};
    if (cpu !== undefined && !cpuLimitRe.test(cpu))
      errs.push({
        path: `${path}.resources.limits.cpu`,
        message: `must be a non-negative number of cores, got "${cpu}"`,
      });
    if (memory !== undefined && !memoryLimitRe.test(memory))
      errs.push({
        path: `${path}.resources.limits.memory`,
        message: `must be a number with optional unit b, k, m or g, got "${memory}"`,
      });
  } else if (app.appType === 'helm') {
    if (app.namespace !== undefined) errs.push(...at(`${path}.namespace`, validateDnsLabel(app.namespace)));
    (app.valuesFiles ?? []).forEach((file, k) =>
      errs.push(...at(`${path}.valuesFiles[${k}]`, relativePathProblems(file, INLINE_PATH_MAX))),
    );
  } else if (app.appType === 'vm') {
    errs.push(...validatePorts(app.publishPorts ?? [], `${path}.publishPorts`));
    if (app.inline && !app.inline.some((c) => c.path === VM_DEFINITION_FILE))
      errs.push({ path: `${path}.inline`, message: `must contain ${VM_DEFINITION_FILE} with the VirtualMachine` });
  }
  if ('envVars' in app) errs.push(...validateEnvVars(app.envVars ?? {}, `${path}.envVars`, allowTemplates));
  if ('runAs' in app) errs.push(...at(`${path}.runAs`, linuxUserProblems(app.runAs ?? '')));
  if ('volumes' in app) {
    const volumes = app.volumes ?? [];
    volumes.forEach((v, j) => errs.push(...validateVolume(v, `${path}.volumes[${j}]`, app.appType, allowTemplates)));
    for (const { index, value } of duplicates(volumes.map((v) => v.name)))
      errs.push({ path: `${path}.volumes[${index}].name`, message: `duplicate volume name "${value}"` });
  }
  return errs;
}

function validateApplication(app: ApplicationProviderSpec, path: string, allowTemplates: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const allowed = SOURCES[app.appType];
  const present = allowed.filter((source) => source in app);
  if (present.length !== 1) errs.push({ path, message: `exactly one of ${allowed.join(', ')} is required` });
  if (app.name !== undefined) errs.push(...at(`${path}.name`, validateDnsLabel(app.name, LONG_NAME_MAX)));
  else if (!present.includes('image'))
    errs.push({ path: `${path}.name`, message: 'is required unless the app comes from an image' });
  for (const field of ['desiredState', 'restartGeneration'] as const)
    if (app[field] !== undefined)
      errs.push({ path: `${path}.${field}`, message: 'is read-only; use the start, stop and restart actions' });
  if (app.image !== undefined) errs.push(...imageRef(app.image, `${path}.image`, allowTemplates));
  if ('inline' in app && app.inline) errs.push(...validateInline(app.inline, `${path}.inline`, allowTemplates));
  errs.push(...validateTypeFields(app, path, allowTemplates));
  return errs;
}

/** `spec.applications`: every app valid and names (an image-based app defaults to its image) unique. */
export function validateApplications(
  apps: readonly ApplicationProviderSpec[],
  path: string,
  allowTemplates: boolean,
): FieldError[] {
  const errs = apps.flatMap((app, i) => validateApplication(app, `${path}[${i}]`, allowTemplates));
  for (const { index, value } of duplicates(apps.map((app) => app.name ?? app.image)))
    if (value !== undefined)
      errs.push({ path: `${path}[${index}].name`, message: `duplicate application name "${value}"` });
  return errs;
}
