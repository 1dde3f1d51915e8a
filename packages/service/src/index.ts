export * from './store/schema.js';
export * from './store/db.js';
export * from './config/config-schema.js';
export * from './config/load-config.js';
export { startService, type RunningService } from './service.js';
