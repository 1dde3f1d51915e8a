/**
 * The distribution, from os-release(5): /etc/os-release, or /usr/lib/os-release when /etc has none
 * (as the os-release specification requires readers to fall back).
 */
import { type FactContext, readValue } from './fact-context.js';

// os-release variables the system info reports, and the names upstream gives them.
const FIELDS: Record<string, string> = {
  NAME: 'name',
  VERSION: 'version',
  ID: 'id',
  VERSION_ID: 'version_id',
  PRETTY_NAME: 'pretty_name',
};

/** A shell-style value: quotes removed and backslash escapes resolved. */
function unquote(raw: string): string {
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.endsWith(quote) && raw.length >= 2) {
    const inner = raw.slice(1, -1);
    return quote === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return raw;
}

function parseOsRelease(text: string): Record<string, string> {
  const distribution: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    const field = match && FIELDS[match[1]!];
    if (field) distribution[field] = unquote(match[2]!.trim());
  }
  return distribution;
}

export async function distributionFacts(ctx: FactContext): Promise<Record<string, string>> {
  const text = (await readValue(ctx, '/etc/os-release')) ?? (await readValue(ctx, '/usr/lib/os-release'));
  return text === undefined ? {} : parseOsRelease(text);
}
