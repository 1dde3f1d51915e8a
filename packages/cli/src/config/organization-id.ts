/** Organization IDs are UUIDs (`metadata.name` of an Organization); the default one is all zeros. */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isOrganizationId(value: string): boolean {
  return UUID_RE.test(value);
}
