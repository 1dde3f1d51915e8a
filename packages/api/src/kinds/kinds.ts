/**
 * The catalogue of user-facing v1beta1 kinds: names, URL segments and CLI short names
 * (clients.md §1.2). Data only, so the CLI and UI can use it without loading any schema.
 */

export interface KindInfo {
  /** e.g. `CertificateSigningRequest` */
  readonly kind: string;
  /** e.g. `CertificateSigningRequestList` */
  readonly listKind: string;
  /** The URL segment under `/api/v1`, e.g. `certificatesigningrequests`. */
  readonly plural: string;
  /** Lowercase kind as the CLI accepts it, e.g. `certificatesigningrequest`. */
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly hasStatus: boolean;
}

export const KINDS = [
  {
    kind: 'Device',
    listKind: 'DeviceList',
    plural: 'devices',
    singular: 'device',
    shortNames: ['dev'],
    hasStatus: true,
  },
  { kind: 'Fleet', listKind: 'FleetList', plural: 'fleets', singular: 'fleet', shortNames: ['flt'], hasStatus: true },
  {
    kind: 'TemplateVersion',
    listKind: 'TemplateVersionList',
    plural: 'templateversions',
    singular: 'templateversion',
    shortNames: ['tv'],
    hasStatus: true,
  },
  {
    kind: 'Repository',
    listKind: 'RepositoryList',
    plural: 'repositories',
    singular: 'repository',
    shortNames: ['repo'],
    hasStatus: true,
  },
  {
    kind: 'ResourceSync',
    listKind: 'ResourceSyncList',
    plural: 'resourcesyncs',
    singular: 'resourcesync',
    shortNames: ['rs'],
    hasStatus: true,
  },
  {
    kind: 'EnrollmentRequest',
    listKind: 'EnrollmentRequestList',
    plural: 'enrollmentrequests',
    singular: 'enrollmentrequest',
    shortNames: ['er'],
    hasStatus: true,
  },
  {
    kind: 'CertificateSigningRequest',
    listKind: 'CertificateSigningRequestList',
    plural: 'certificatesigningrequests',
    singular: 'certificatesigningrequest',
    shortNames: ['csr'],
    hasStatus: true,
  },
  { kind: 'Event', listKind: 'EventList', plural: 'events', singular: 'event', shortNames: ['ev'], hasStatus: false },
  {
    kind: 'AuthProvider',
    listKind: 'AuthProviderList',
    plural: 'authproviders',
    singular: 'authprovider',
    shortNames: ['ap'],
    hasStatus: false,
  },
  {
    kind: 'Organization',
    listKind: 'OrganizationList',
    plural: 'organizations',
    singular: 'organization',
    shortNames: ['org'],
    hasStatus: false,
  },
] as const satisfies readonly KindInfo[];

export type KindName = (typeof KINDS)[number]['kind'];

/** The kind a user typed: kind, singular, plural or short name, in any letter case. */
export function findKind(name: string): KindInfo | undefined {
  const wanted = name.toLowerCase();
  return KINDS.find(
    (k) => k.singular === wanted || k.plural === wanted || (k.shortNames as readonly string[]).includes(wanted),
  );
}
