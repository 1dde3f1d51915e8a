export * from './schema.js';
export * from './db.js';
export { isForeignKeyViolation, isUniqueViolation, tooLargeAsBadRequest } from './db-errors.js';
export { DEVICE_SUMMARY_COLUMNS, summarizeDevices, summarizeListedDevices } from './device-summary.js';
export { type DeviceLabelsQuery, listDeviceLabels } from './device-labels.js';
export { DeviceLastSeenStore } from './device-last-seen.js';
export { type EventListOptions, EventStore } from './event-store.js';
export { OrganizationStore } from './organization-store.js';
export {
  type ContinueToken,
  MAX_LIST_LIMIT,
  type Page,
  type PageRequest,
  decodeContinueToken,
  encodeContinueToken,
  parseLimit,
} from './pagination.js';
export type { Resource } from './resource-rows.js';
export {
  type JsonRow,
  type ListOptions,
  MAX_UPDATE_ATTEMPTS,
  type Mutation,
  ResourceStore,
  type ResourceStoreOptions,
  type UpdateOptions,
  type UpdateResult,
} from './resource-store.js';
export { Store } from './store.js';
export { TemplateVersionStore } from './template-version-store.js';
