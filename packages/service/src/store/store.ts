/**
 * The store facade: one object per kind over one database handle. `transaction` hands out a Store
 * bound to a transaction, so a write and everything it implies (events, cascades) commit together.
 */
import type {
  AuthProvider,
  CertificateSigningRequest,
  Device,
  EnrollmentRequest,
  Fleet,
  Repository,
  ResourceSync,
  TemplateVersion,
} from '@flightctl/api';
import type { Db } from './db.js';
import { DeviceLastSeenStore } from './device-last-seen.js';
import { EventStore } from './event-store.js';
import { OrganizationStore } from './organization-store.js';
import { ResourceStore } from './resource-store.js';
import {
  authProviders,
  certificateSigningRequests,
  devices,
  enrollmentRequests,
  fleets,
  repositories,
  resourceSyncs,
} from './schema.js';
import { TemplateVersionStore } from './template-version-store.js';

/** The `alias` column mirrors label `alias`, for the `metadata.alias` and `metadata.nameOrAlias` selectors. */
const deviceAlias = (device: Device) => ({ alias: device.metadata.labels?.alias ?? null });

export class Store {
  readonly devices: ResourceStore<Device>;
  readonly fleets: ResourceStore<Fleet>;
  readonly repositories: ResourceStore<Repository>;
  readonly resourceSyncs: ResourceStore<ResourceSync>;
  readonly enrollmentRequests: ResourceStore<EnrollmentRequest>;
  readonly certificateSigningRequests: ResourceStore<CertificateSigningRequest>;
  readonly authProviders: ResourceStore<AuthProvider>;
  readonly templateVersions: TemplateVersionStore<TemplateVersion>;
  readonly events: EventStore;
  readonly organizations: OrganizationStore;
  readonly deviceLastSeen: DeviceLastSeenStore;

  constructor(readonly db: Db) {
    this.devices = new ResourceStore(db, devices, 'Device', { derivedColumns: deviceAlias });
    this.fleets = new ResourceStore(db, fleets, 'Fleet');
    this.repositories = new ResourceStore(db, repositories, 'Repository');
    this.resourceSyncs = new ResourceStore(db, resourceSyncs, 'ResourceSync');
    this.enrollmentRequests = new ResourceStore(db, enrollmentRequests, 'EnrollmentRequest');
    this.certificateSigningRequests = new ResourceStore(db, certificateSigningRequests, 'CertificateSigningRequest');
    this.authProviders = new ResourceStore(db, authProviders, 'AuthProvider');
    this.templateVersions = new TemplateVersionStore(db);
    this.events = new EventStore(db);
    this.organizations = new OrganizationStore(db);
    this.deviceLastSeen = new DeviceLastSeenStore(db);
  }

  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Inside,
   * use only the Store it is given (on PGlite the outer handle waits for the transaction to end).
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new Store(tx)));
  }
}
