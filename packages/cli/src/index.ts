export { buildProgram } from './program.js';
export * from './config/client-config.js';
export { ApiClient } from './client/api-client.js';
export { CliError } from './errors.js';
