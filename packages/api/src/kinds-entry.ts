/**
 * `@flightctl/api/kinds`: the kind catalogue, the name rules and the API version, without any
 * schema or validator. For clients that must start fast: the CLI loads this for every command,
 * where the full entry would cost a few hundred milliseconds of schema building.
 */
export * from './common/api-version.js';
export * from './common/names.js';
export * from './kinds/kinds.js';
