export * from './databases.js';
export * from './requirements.js';
export * from './service-harness.js';
export * from './wait-for.js';
export * from './upstream-contract.js';
export * from './cli-harness.js';
export * from './agent-harness.js';
