export * from './databases.js';
export * from './requirements.js';
