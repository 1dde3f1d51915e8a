/**
 * Time as upstream's CLI prints it: relative times like go-humanize's `Time` ("3 minutes ago"),
 * durations like Go's `time.Duration.String` ("72h0m5s"), instants like Go's `time.RFC3339`.
 * Same words and rounding, so scripts and eyes trained on upstream read the same thing.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 12 * MONTH;
const LONG_TIME = 37 * YEAR;

/** go-humanize's magnitudes: below `below`, print `format` with the difference divided by `unit`. */
const MAGNITUDES: readonly { below: number; format: string; unit: number }[] = [
  { below: SECOND, format: 'now', unit: 1 },
  { below: 2 * SECOND, format: '1 second %s', unit: 1 },
  { below: MINUTE, format: '%d seconds %s', unit: SECOND },
  { below: 2 * MINUTE, format: '1 minute %s', unit: 1 },
  { below: HOUR, format: '%d minutes %s', unit: MINUTE },
  { below: 2 * HOUR, format: '1 hour %s', unit: 1 },
  { below: DAY, format: '%d hours %s', unit: HOUR },
  { below: 2 * DAY, format: '1 day %s', unit: 1 },
  { below: WEEK, format: '%d days %s', unit: DAY },
  { below: 2 * WEEK, format: '1 week %s', unit: 1 },
  { below: MONTH, format: '%d weeks %s', unit: WEEK },
  { below: 2 * MONTH, format: '1 month %s', unit: 1 },
  { below: YEAR, format: '%d months %s', unit: MONTH },
  { below: 18 * MONTH, format: '1 year %s', unit: 1 },
  { below: 2 * YEAR, format: '2 years %s', unit: 1 },
  { below: LONG_TIME, format: '%d years %s', unit: YEAR },
  { below: Infinity, format: 'a long while %s', unit: 1 },
];

/** "now", "5 minutes ago", "2 days from now"… for an RFC 3339 time or a Date. */
export function humanizeTime(then: string | Date, now: Date): string {
  const diff = now.getTime() - new Date(then).getTime();
  const label = diff < 0 ? 'from now' : 'ago';
  const abs = Math.abs(diff);
  const magnitude = MAGNITUDES.find((m) => abs < m.below)!;
  return magnitude.format.replace('%d', String(Math.floor(abs / magnitude.unit))).replace('%s', label);
}

/** Go's Duration.String for whole seconds: "0s", "45s", "1m0s", "168h0m0s". */
export function goDuration(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? '-' : '';
  let s = Math.abs(Math.round(totalSeconds));
  if (s === 0) return '0s';
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  s -= minutes * 60;
  if (hours > 0) return `${sign}${hours}h${minutes}m${s}s`;
  if (minutes > 0) return `${sign}${minutes}m${s}s`;
  return `${sign}${s}s`;
}

/** Go's time.RFC3339 (whole seconds, UTC as "Z"). */
export function rfc3339(time: string | Date): string {
  return new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
}
