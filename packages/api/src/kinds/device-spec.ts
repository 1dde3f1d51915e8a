/**
 * DeviceSpec (api.md §4.2.2): a device's desired state. Also the body of a fleet's device template and,
 * field for field, of a TemplateVersion's status, so its properties are exported for reuse.
 */
import Type, { type Static } from 'typebox';
import { Duration } from '../common/meta.js';
import { ApplicationProviderSpec } from './applications.js';
import { CatalogItemRefSpec } from './catalog-item-ref.js';
import { ConfigProviderSpec } from './config-providers.js';
import { ResourceMonitor } from './resource-monitors.js';

export const UpdateSchedule = Type.Object(
  {
    at: Type.String({ description: '5-field cron expression: minute hour day-of-month month day-of-week.' }),
    startGraceDuration: Duration,
    timeZone: Type.Optional(
      Type.String({ default: 'Local', description: '"Local", "GMT", "UTC" or an IANA Area/Location.' }),
    ),
  },
  { additionalProperties: false, title: 'UpdateSchedule' },
);
export type UpdateSchedule = Static<typeof UpdateSchedule>;

export const DeviceUpdatePolicySpec = Type.Object(
  { downloadSchedule: Type.Optional(UpdateSchedule), updateSchedule: Type.Optional(UpdateSchedule) },
  { additionalProperties: false, title: 'DeviceUpdatePolicySpec' },
);
export type DeviceUpdatePolicySpec = Static<typeof DeviceUpdatePolicySpec>;

/** At most one of `image` and `catalogItemRef`. */
export const DeviceOsSpec = Type.Object(
  {
    image: Type.Optional(Type.String({ description: 'An OCI image reference.' })),
    catalogItemRef: Type.Optional(CatalogItemRefSpec),
  },
  { additionalProperties: false, title: 'DeviceOsSpec' },
);
export type DeviceOsSpec = Static<typeof DeviceOsSpec>;

/** A unit name, with or without suffix, or a shell glob over loaded units; templated units allowed. */
export const SYSTEMD_MATCH_PATTERN = String.raw`^[0-9a-zA-Z:\-_.\\\[\]!\-\*\?]+(@[0-9a-zA-Z:\-_.\\\[\]!\-\*\?]+)?(\.[a-zA-Z\[\]!\-\*\?]+)?$`;
export const SYSTEMD_MATCH_PATTERN_MAX = 256;

export const SystemdSpec = Type.Object(
  {
    matchPatterns: Type.Optional(
      Type.Array(Type.String({ pattern: SYSTEMD_MATCH_PATTERN, maxLength: SYSTEMD_MATCH_PATTERN_MAX })),
    ),
  },
  { additionalProperties: false, title: 'SystemdSpec' },
);
export type SystemdSpec = Static<typeof SystemdSpec>;

export const DeviceConsole = Type.Object(
  {
    sessionID: Type.String(),
    sessionMetadata: Type.String({ description: 'JSON DeviceConsoleSessionMetadata.' }),
  },
  { additionalProperties: false, readOnly: true, title: 'DeviceConsole' },
);
export type DeviceConsole = Static<typeof DeviceConsole>;

export const DeviceDecommissionTargetTypes = ['Unenroll', 'FactoryReset'] as const;
export const DeviceDecommissionTargetType = Type.Enum(DeviceDecommissionTargetTypes);
export type DeviceDecommissionTargetType = Static<typeof DeviceDecommissionTargetType>;

/** Body of `PUT /devices/{name}/decommission`, and what that call stores in `spec.decommissioning`. */
export const DeviceDecommission = Type.Object(
  { target: DeviceDecommissionTargetType },
  { additionalProperties: false, title: 'DeviceDecommission' },
);
export type DeviceDecommission = Static<typeof DeviceDecommission>;

export const DeviceSpecProperties = {
  updatePolicy: Type.Optional(DeviceUpdatePolicySpec),
  os: Type.Optional(DeviceOsSpec),
  config: Type.Optional(Type.Array(ConfigProviderSpec)),
  applications: Type.Optional(Type.Array(ApplicationProviderSpec)),
  systemd: Type.Optional(SystemdSpec),
  resources: Type.Optional(Type.Array(ResourceMonitor)),
  // Only the rendered spec carries consoles; writes with them are rejected by validateDeviceSpec.
  consoles: Type.Optional(Type.Array(DeviceConsole, { readOnly: true })),
  // The decommission body, owned here by the server: only the decommission action sets it.
  decommissioning: Type.Optional({ ...DeviceDecommission, readOnly: true }),
};

export const DeviceSpec = Type.Object(DeviceSpecProperties, { additionalProperties: false, title: 'DeviceSpec' });
export type DeviceSpec = Static<typeof DeviceSpec>;
