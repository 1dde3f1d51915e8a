export * from './common/names.js';
export * from './common/errors.js';
export * from './common/meta.js';
export * from './common/status.js';
export * from './selectors/types.js';
