export * from './store/schema.js';
export * from './store/db.js';
