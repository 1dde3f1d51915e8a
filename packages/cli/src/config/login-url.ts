/**
 * The API URL given to `flightctl login` (ref/clients.md §1.5): surrounding blanks are dropped and
 * `https://` is assumed when no scheme is given; when the server cannot be reached or answers
 * oddly, parts of the URL that do not belong in it (a path, a query, a fragment) are pointed out.
 */
import { CliError } from '../errors.js';

const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
const EXPECTED_FORM = 'https://hostname[:port]';

/** The URL to log in to, or a CliError saying how to write it. */
export function normalizeLoginUrl(raw: string): string {
  const trimmed = raw.trim();
  const url = SCHEME_RE.test(trimmed) ? trimmed : `https://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`"${raw}" is not a valid URL. Please ensure the URL follows the format: ${EXPECTED_FORM}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new CliError(`"${raw}" uses the unsupported scheme "${parsed.protocol}". Try: https://${parsed.host}`);
  return url;
}

/** A suggestion when `url` has more than scheme, host and port; undefined when it looks right. */
export function urlFormatHint(url: string): string | undefined {
  const parsed = new URL(url);
  const base = `${parsed.protocol}//${parsed.host}`;
  // "https://api//example.com" parses as host "api" and path "//example.com", so it shows up here too.
  if (parsed.pathname !== '' && parsed.pathname !== '/')
    return `URL contains path component '${parsed.pathname}' which may not be needed. Try: ${base}`;
  if (parsed.search) return `URL contains query parameters '${parsed.search}' which may not be needed. Try: ${base}`;
  if (parsed.hash) return `URL contains fragment '${parsed.hash}' which may not be needed. Try: ${base}`;
  return undefined;
}
