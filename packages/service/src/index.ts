export * from './store/schema.js';
