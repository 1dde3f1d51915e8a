/**
 * One save of an `edit`: read the text back, refuse a changed kind or name, and PATCH the changes.
 * Every failure comes back as problems to show the user in the re-opened editor; when the object
 * changed on the server meanwhile, they say how to take the newer version.
 */
import type { SingleResource } from '../args/single-resource.js';
import type { ApiClient } from '../client/api-client.js';
import { failureText } from '../failure-text.js';
import { parseEdited, type EditFormat } from './edit-file.js';
import { editPatch, type EditableResource } from './edit-patch.js';

export type EditOutcome = { result: 'edited' } | { result: 'unchanged' } | { result: 'failed'; problems: string[] };

function identityProblem({ kind, name }: SingleResource, edited: EditableResource): string | undefined {
  if (typeof edited.kind !== 'string') return "the edited resource has no 'kind' field";
  if (edited.kind.toLowerCase() !== kind.singular)
    return `cannot change resource kind from ${kind.kind} to ${edited.kind}`;
  const editedName = edited.metadata?.name;
  if (typeof editedName !== 'string') return "the edited resource has no 'metadata.name' field";
  if (editedName !== name) return `cannot change resource name from ${name} to ${editedName}`;
  return undefined;
}

/** A hint when the failure is a concurrent change: the version the patch tested is no longer current. */
async function conflictHint(client: ApiClient, path: string, ref: string, tested: unknown): Promise<string[]> {
  try {
    const current = await client.get<EditableResource>(path);
    const version = current.body.metadata?.resourceVersion;
    if (tested === undefined || version === undefined || version === tested) return [];
    return [
      `${ref} has been modified on the server since resourceVersion "${String(tested)}" (it is now "${version}").`,
      `To apply your changes to the current version, set metadata.resourceVersion to "${version}".`,
    ];
  } catch {
    // Without the current object there is nothing to add to the error itself.
    return [];
  }
}

export async function submitEdit(
  client: ApiClient,
  target: SingleResource,
  original: EditableResource,
  text: string,
  format: EditFormat,
): Promise<EditOutcome> {
  let edited: unknown;
  try {
    edited = parseEdited(text, format);
  } catch (err) {
    return { result: 'failed', problems: [(err as Error).message] };
  }
  if (typeof edited !== 'object' || edited === null || Array.isArray(edited))
    return { result: 'failed', problems: ['the edited text must be one object'] };
  const identity = identityProblem(target, edited);
  if (identity) return { result: 'failed', problems: [identity] };

  const patch = editPatch(original, edited);
  if (patch.length === 0) return { result: 'unchanged' };
  const ref = `${target.kind.singular}/${target.name}`;
  const path = `/${target.kind.plural}/${encodeURIComponent(target.name)}`;
  try {
    await client.request('PATCH', path, { body: patch, contentType: 'application/json-patch+json' });
    return { result: 'edited' };
  } catch (err) {
    const tested = patch[0]!.op === 'test' ? patch[0]!.value : undefined;
    const problems = [`${ref} could not be patched: ${failureText(err)}`];
    return { result: 'failed', problems: [...problems, ...(await conflictHint(client, path, ref, tested))] };
  }
}
