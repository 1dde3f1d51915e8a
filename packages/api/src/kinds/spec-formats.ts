/**
 * String formats of device-spec fields that upstream checks in code rather than in its schema: OCI image
 * references, absolute and relative paths, Linux users, environment variable names and short durations.
 * Each check returns the problems found; empty means valid.
 */

const IMAGE_REFERENCE_MAX = 2048;

// The OCI distribution reference grammar (domain[:port]/name[:tag][@digest]). Separators inside name
// components are written as non-empty alternatives so the expression cannot backtrack exponentially.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const imageReferenceRe = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);
/** In fleet templates only the tag may be parameterised, e.g. `quay.io/app:{{ .metadata.labels.version }}`. */
const templatedImageReferenceRe = new RegExp(`^${NAME}:(?:[\\w.-]|\\{\\{[^}]*\\}\\})+(?:@${DIGEST})?$`);

function imageProblems(ref: string, re: RegExp, example: string): string[] {
  if (ref.length === 0) return ['must not be empty'];
  if (ref.length > IMAGE_REFERENCE_MAX) return [`must be no more than ${IMAGE_REFERENCE_MAX} characters`];
  return re.test(ref) ? [] : [`must be an OCI image reference like "${example}"`];
}

export function imageReferenceProblems(ref: string): string[] {
  return imageProblems(ref, imageReferenceRe, 'quay.io/org/image:tag');
}

export function templatedImageReferenceProblems(ref: string): string[] {
  return imageProblems(ref, templatedImageReferenceRe, 'quay.io/org/image:{{ .metadata.labels.version }}');
}

const PATH_MAX = 4096;

/** An absolute, clean path: no empty, `.` or `..` segments and no trailing slash (as Go's `filepath.Clean`). */
export function absolutePathProblems(path: string): string[] {
  if (path.length > PATH_MAX) return [`must be no more than ${PATH_MAX} characters`];
  if (!path.startsWith('/')) return ['must be an absolute path'];
  const segments = path.slice(1).split('/');
  if (path !== '/' && segments.some((s) => s === '' || s === '.' || s === '..'))
    return ['must be clean (no repeated or trailing "/", "." or ".." segments)'];
  return [];
}

/** A relative path that stays below its base directory; a leading `./` is tolerated. */
export function relativePathProblems(path: string, max: number): string[] {
  if (path.length === 0) return ['must not be empty'];
  if (path.length > max) return [`must be no more than ${max} characters`];
  if (path.startsWith('/')) return ['must be a relative path'];
  const segments = path.replace(/^\.\//, '').split('/');
  if (segments.includes('..')) return ['must not contain ".." segments'];
  if (segments.some((s) => s === '' || s === '.'))
    return ['must be clean (no repeated or trailing "/" or "." segments)'];
  return [];
}

const MAX_ID = 4294967295;
const NOBODY_ID = 65535;
const USER_NAME_MAX = 32;
const userNameRe = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*\$?$/;

/** A Linux user or group: a numeric id, or a name as useradd(8) accepts it. Empty means the default (root). */
export function linuxUserProblems(value: string): string[] {
  if (value === '') return [];
  if (/^\d+$/.test(value)) {
    const id = Number(value);
    if (id >= MAX_ID) return [`must be smaller than ${MAX_ID} (invalid id)`];
    return id === NOBODY_ID ? [`must not be ${NOBODY_ID} (invalid id)`] : [];
  }
  if (value.length > USER_NAME_MAX) return [`must be no more than ${USER_NAME_MAX} characters`];
  return userNameRe.test(value) ? [] : ['is not a valid user name'];
}

const envVarNameRe = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function envVarNameProblems(name: string): string[] {
  return envVarNameRe.test(name) ? [] : ['must start with a letter or "_" and contain only letters, digits and "_"'];
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** Seconds in a short duration such as `30s`, `5m` or `24h` (the formats are enforced by the schema). */
export function durationSeconds(duration: string): number {
  const unit = duration.slice(-1) as keyof typeof UNIT_SECONDS;
  return Number(duration.slice(0, -1)) * UNIT_SECONDS[unit];
}

const TIME_ZONE_COMPONENT = /^[A-Za-z.\-_0-9+]{1,14}$/;
const THREE_LETTER_ZONES = new Set(['GMT', 'UTC']);

/**
 * "Local" (the device's zone), "GMT", "UTC", or an IANA name such as "America/New_York". Other
 * three-letter zones are ambiguous and rejected; the name must be known to the runtime's time zone data.
 */
export function timeZoneProblems(zone: string): string[] {
  if (zone.length === 0) return ['must not be empty'];
  if (zone.toLowerCase() === 'local') return [];
  if (zone.length === 3) return THREE_LETTER_ZONES.has(zone) ? [] : [`ambiguous time zone "${zone}"`];
  const bad = zone.split('/').find((c) => c === '.' || c === '..' || c.startsWith('-') || !TIME_ZONE_COMPONENT.test(c));
  if (bad !== undefined) return [`invalid time zone component "${bad}"`];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return [];
  } catch {
    return [`unknown time zone "${zone}"`];
  }
}
