/**
 * `@flightctl/api/agent`: what the device agent needs at run time (the API version, name rules, Go
 * durations, the service's annotation keys, update-schedule cron, DER/PEM and certificate requests),
 * without any schema or validator. The agent's idle memory is its footprint on the device: the full
 * entry would add TypeBox and ajv (tens of megabytes) to every agent for schemas it never validates
 * against. Types come from the full entry with `import type`, which costs nothing at run time.
 */
export * from './common/api-version.js';
export * from './common/names.js';
export * from './common/duration.js';
export * from './constants/annotations.js';
export * from './kinds/cron-schedule.js';
export * from './kinds/new-device-status.js';
export * from './crypto/der.js';
export * from './crypto/certificate-request.js';
