/**
 * Which commands take resource arguments, and of which kinds (ref/clients.md §1.6): what
 * completion offers after them. `typeThenName` commands accept `TYPE NAME…` besides `TYPE/NAME`.
 */
import { KINDS } from '@flightctl/api/kinds';

export interface ResourceRule {
  /** Singular kind names. */
  kinds: readonly string[];
  typeThenName: boolean;
}

const typeSlashName = (...kinds: string[]): ResourceRule => ({ kinds, typeThenName: false });

/** Keyed by the command path below the root, e.g. `app start`. */
export const RESOURCE_COMMANDS: Readonly<Record<string, ResourceRule>> = {
  get: { kinds: KINDS.map((k) => k.singular), typeThenName: true },
  delete: {
    kinds: [
      'device',
      'enrollmentrequest',
      'fleet',
      'templateversion',
      'repository',
      'resourcesync',
      'certificatesigningrequest',
      'authprovider',
    ],
    typeThenName: true,
  },
  edit: {
    kinds: ['device', 'fleet', 'repository', 'resourcesync', 'certificatesigningrequest', 'authprovider'],
    typeThenName: true,
  },
  approve: typeSlashName('enrollmentrequest', 'certificatesigningrequest'),
  deny: typeSlashName('certificatesigningrequest'),
  decommission: { kinds: ['device'], typeThenName: true },
  resume: { kinds: ['device'], typeThenName: true },
  console: typeSlashName('device'),
  'app start': typeSlashName('device', 'fleet'),
  'app stop': typeSlashName('device', 'fleet'),
  'app restart': typeSlashName('device'),
  'app console': typeSlashName('device'),
};

/** Kinds that cannot be fetched by name, so there are no names to offer. */
export const UNNAMED_KINDS: ReadonlySet<string> = new Set(['event', 'organization']);
