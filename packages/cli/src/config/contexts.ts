/** The contexts of a config directory: `default` for client.yaml, `<name>` for client_<name>.yaml. */
import { existsSync, readdirSync } from 'node:fs';
import { DEFAULT_CONTEXT } from './client-config.js';

const CONTEXT_FILE_RE = /^client_(.+)\.yaml$/;

export function listContexts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir);
  const named = files.flatMap((f) => CONTEXT_FILE_RE.exec(f)?.[1] ?? []);
  return files.includes('client.yaml') ? [DEFAULT_CONTEXT, ...named] : named;
}
