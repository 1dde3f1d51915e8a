/**
 * The metadata rules every user-writable kind shares (api.md §3.2, §10): `metadata.name` is a
 * required DNS-1123 subdomain and labels follow Kubernetes key/value rules.
 */
import type { FieldError } from '../common/errors.js';
import type { ObjectMeta } from '../common/meta.js';
import { validateDnsSubdomain, validateLabelValue, validateQualifiedName } from '../common/names.js';
import { at } from './field-errors.js';

/** Errors for a label map found at `path` (e.g. `spec.labels`). */
export function validateLabelMap(labels: Record<string, string> | undefined, path: string): FieldError[] {
  return Object.entries(labels ?? {}).flatMap(([key, value]) => [
    ...validateQualifiedName(key).map((message) => ({ path, message: `key "${key}": ${message}` })),
    ...validateLabelValue(value).map((message) => ({ path, message: `value of "${key}": ${message}` })),
  ]);
}

/** Errors for a resource name referenced at `path` (its own name, or another resource's). */
export function validateNameReference(name: string | undefined, path: string): FieldError[] {
  if (name === undefined) return [{ path, message: 'is required' }];
  return at(path, validateDnsSubdomain(name));
}

export function validateMetadata(metadata: ObjectMeta): FieldError[] {
  return [
    ...validateNameReference(metadata.name, 'metadata.name'),
    ...validateLabelMap(metadata.labels, 'metadata.labels'),
  ];
}
