/**
 * The text the user edits: the object as YAML or JSON, and after a failed save the reasons as
 * `#` lines at the top (kubectl's habit). The comment block is removed before the text is read
 * back, so it works for JSON too.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { StructuredFormat } from '../output/print.js';

export const EDIT_FORMATS = ['yaml', 'json'] as const satisfies readonly StructuredFormat[];
export type EditFormat = StructuredFormat;

/** Throws with a message fit for the user when the text does not parse. */
export function parseEdited(text: string, format: EditFormat): unknown {
  try {
    return format === 'json' ? JSON.parse(text) : parse(text);
  } catch (err) {
    throw new Error(`invalid ${format.toUpperCase()}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

export function withHeader(problems: readonly string[], body: string): string {
  if (problems.length === 0) return body;
  const lines = [
    'Please edit the object below. The lines starting with # at the top are ignored. Saving it',
    'unchanged cancels the edit (your version is then kept in a temporary file).',
    '',
    ...problems.flatMap((p) => p.split('\n')),
  ];
  return `${lines.map((l) => (l ? `# ${l}` : '#')).join('\n')}\n#\n${body}`;
}

/** The text without the leading `#` block `withHeader` (or the user) put there. */
export function stripHeader(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => !l.trimStart().startsWith('#'));
  return first < 0 ? '' : lines.slice(first).join('\n');
}

/** A new private file in the temporary directory, named `<prefix>-<random>.<format>`. */
export function writeTempFile(prefix: string, format: EditFormat, content: string): string {
  const path = join(tmpdir(), `${prefix}-${randomBytes(6).toString('hex')}.${format}`);
  writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
  return path;
}
