/**
 * The PATCH `edit` sends (ref/clients.md §1.6.5): the user's changes to what the server lets a user
 * change — spec and metadata.labels; anything else edited is dropped — behind a `test` of the
 * resourceVersion, so a concurrent write fails the patch instead of being overwritten.
 */
import type { ObjectMeta } from '@flightctl/api';
import { diffJson, type PatchOperation } from './json-diff.js';

export interface EditableResource {
  kind?: unknown;
  metadata?: ObjectMeta;
  spec?: unknown;
}

/**
 * Empty when nothing the server keeps changed. The version tested is the one in the edited text,
 * so after a conflict the user can take the newer version by writing it there.
 */
export function editPatch(original: EditableResource, edited: EditableResource): PatchOperation[] {
  const originalLabels = original.metadata?.labels;
  // Deleting the labels block means no labels; omitting them in a patched object would keep them.
  const editedLabels = edited.metadata?.labels ?? (originalLabels ? {} : undefined);
  const changes = [
    ...diffJson(original.spec, edited.spec, '/spec'),
    ...diffJson(originalLabels, editedLabels, '/metadata/labels'),
  ];
  if (changes.length === 0) return [];
  const resourceVersion = edited.metadata?.resourceVersion ?? original.metadata?.resourceVersion;
  if (resourceVersion === undefined) return changes;
  return [{ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion }, ...changes];
}
