/**
 * The parts of undici the agent uses: its connection pools and `request`, loaded from undici's own
 * modules and typed by its declarations. The package's main entry also loads fetch, WebSocket,
 * EventSource, caches and mocks: several megabytes of memory every device would carry for nothing.
 */
import { createRequire } from 'node:module';
import type * as undici from 'undici';

const require = createRequire(import.meta.url);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof undici.Agent;

type RequestOptions = Omit<undici.Dispatcher.RequestOptions, 'origin' | 'path'>;
const dispatcherRequest = require('undici/lib/api/api-request.js') as (
  this: undici.Dispatcher,
  options: undici.Dispatcher.RequestOptions,
) => Promise<undici.Dispatcher.ResponseData>;

/** undici's `request(url, options)`, through `dispatcher`. */
export function request(
  dispatcher: undici.Dispatcher,
  url: URL,
  options: RequestOptions,
): Promise<undici.Dispatcher.ResponseData> {
  return dispatcherRequest.call(dispatcher, { ...options, origin: url.origin, path: `${url.pathname}${url.search}` });
}
