/**
 * What makes a manifest object something `apply` can send: an apiVersion of this API, a known kind
 * that users may write, and a name.
 */
import { API_VERSION, API_VERSION_FULL, findKind, type KindInfo } from '@flightctl/api/kinds';

export interface ResourceDocument {
  kind: KindInfo;
  name: string;
  object: Record<string, unknown>;
}

/** Kinds the service alone writes, with why, so the refusal says what to do instead. */
const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  TemplateVersion: 'the service creates them from fleets',
  Event: 'the service records them',
  Organization: 'they come from the identity provider',
};

/** The resource an object describes, or the problem that keeps it from being applied. */
export function identifyResource(object: Record<string, unknown>): ResourceDocument | string {
  const { apiVersion, kind: kindName, metadata } = object;
  if (typeof apiVersion !== 'string' || !apiVersion) return 'apiVersion is missing';
  if (apiVersion !== API_VERSION_FULL && apiVersion !== API_VERSION)
    return `unsupported apiVersion "${apiVersion}" (expected ${API_VERSION_FULL})`;
  if (typeof kindName !== 'string' || !kindName) return 'kind is missing';
  const kind = findKind(kindName);
  if (!kind) return `unknown kind "${kindName}"`;
  const why = NOT_APPLICABLE[kind.kind];
  if (why) return `${kind.plural} cannot be applied: ${why}`;
  const name = (metadata as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string') return 'metadata.name is missing';
  if (!name) return 'metadata.name must not be empty';
  return { kind, name, object };
}
