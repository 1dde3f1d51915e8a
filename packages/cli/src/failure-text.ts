/**
 * The message of an expected failure (an API error, an unreachable server) for commands that report
 * several outcomes and carry on. The ApiClient words its errors for the top level ("Error: …"); a
 * per-item report puts its own context in front instead. Anything else is a bug and propagates.
 */
import { CliError } from './errors.js';

export function failureText(err: unknown): string {
  if (!(err instanceof CliError)) throw err;
  return err.message.replace(/^Error: /, '');
}
