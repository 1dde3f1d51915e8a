/**
 * Answers that commands explain themselves: every error status can be accepted from the client,
 * and a route the service does not have (404 "no such endpoint") becomes a plain statement of
 * what the command needs rather than a bare "not found".
 */
import { CliError } from '../errors.js';
import type { ApiResponse } from './api-client.js';

/** Every 4xx and 5xx status, for `accept`. */
export const ERROR_STATUSES: readonly number[] = Array.from({ length: 200 }, (_, i) => 400 + i);

/** The message of a `Status` body, if the answer has one. */
export function statusMessage(res: ApiResponse): string | undefined {
  const message = (res.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

export function isMissingEndpoint(res: ApiResponse): boolean {
  return res.status === 404 && (statusMessage(res)?.startsWith('no such endpoint') ?? false);
}

/** `what` needs `endpoint`, which this service does not serve. */
export function unsupportedByService(what: string, endpoint: string): CliError {
  return new CliError(`${what} requires the service to support ${endpoint}, which this service does not serve yet`);
}
