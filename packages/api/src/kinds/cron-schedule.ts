/**
 * The 5-field cron expressions of update schedules (minute hour day-of-month month day-of-week) as the
 * upstream parser (robfig/cron, standard fields) reads them: values, `*`, `?`, ranges `a-b`, lists `,`,
 * steps `/n`, and month and weekday names. When both day fields are restricted a day matches either.
 */

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

export interface CronSchedule {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Whether each day field was unrestricted (`*`/`?` without a step), which switches day matching to AND. */
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

interface ParsedField {
  values: Set<number>;
  any: boolean;
}

const PART = /^(\*|\?|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i;

function fieldValue(token: string, field: FieldSpec): number {
  if (/^\d+$/.test(token)) return Number(token);
  const index = field.names?.indexOf(token.toLowerCase()) ?? -1;
  return index < 0 ? NaN : index + field.min;
}

function parseField(text: string, field: FieldSpec): ParsedField | string {
  const parsed: ParsedField = { values: new Set(), any: false };
  for (const part of text.split(',')) {
    const match = PART.exec(part);
    if (!match) return `invalid ${field.name} "${part}"`;
    const [, range = '', stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    let [low, high] = [field.min, field.max];
    if (range === '*' || range === '?') {
      parsed.any ||= step === 1;
    } else {
      const [from = '', to] = range.split('-');
      low = fieldValue(from, field);
      // "n/step" means n through the maximum.
      high = to !== undefined ? fieldValue(to, field) : stepText !== undefined ? field.max : low;
    }
    if (!(low >= field.min && high <= field.max && low <= high))
      return `${field.name} "${part}" is outside ${field.min}-${field.max}`;
    if (step < 1) return `${field.name} step must be positive`;
    for (let v = low; v <= high; v += step) parsed.values.add(v);
  }
  return parsed;
}

export function parseCron(expression: string): { schedule: CronSchedule } | { error: string } {
  const texts = expression.trim().split(/\s+/);
  if (texts.length !== FIELDS.length) return { error: `expected ${FIELDS.length} fields, found ${texts.length}` };
  const fields: ParsedField[] = [];
  for (const [i, field] of FIELDS.entries()) {
    const parsed = parseField(texts[i], field);
    if (typeof parsed === 'string') return { error: parsed };
    fields.push(parsed);
  }
  const [minute, hour, dom, month, dow] = fields as [ParsedField, ParsedField, ParsedField, ParsedField, ParsedField];
  const sorted = (values: Set<number>) => [...values].sort((a, b) => a - b);
  return {
    schedule: {
      minutes: sorted(minute.values),
      hours: sorted(hour.values),
      daysOfMonth: dom.values,
      months: month.values,
      daysOfWeek: dow.values,
      anyDayOfMonth: dom.any,
      anyDayOfWeek: dow.any,
    },
  };
}

function dayMatches(s: CronSchedule, dayOfMonth: number, month: number, dayOfWeek: number): boolean {
  if (!s.months.has(month)) return false;
  const domOk = s.daysOfMonth.has(dayOfMonth);
  const dowOk = s.daysOfWeek.has(dayOfWeek);
  return s.anyDayOfMonth || s.anyDayOfWeek ? domOk && dowOk : domOk || dowOk;
}

/** Whether the schedule fires in the minute of `wall` (read in UTC fields: pass the zone's wall clock). */
export function cronFiresAt(s: CronSchedule, wall: Date): boolean {
  return (
    dayMatches(s, wall.getUTCDate(), wall.getUTCMonth() + 1, wall.getUTCDay()) &&
    s.hours.includes(wall.getUTCHours()) &&
    s.minutes.includes(wall.getUTCMinutes())
  );
}

const MINUTES_PER_DAY = 1440;

function adjacentGaps(sorted: readonly number[]): number[] {
  return sorted.slice(1).map((value, i) => value - sorted[i]);
}

/** The Gregorian calendar repeats every 400 years, weekdays included; 2000-01-01 was a Saturday. */
const CYCLE_START_YEAR = 2000;
const CYCLE_YEARS = 400;
const CYCLE_DAYS = 146097;
const CYCLE_START_WEEKDAY = 6;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The fewest days between two consecutive matching days, or undefined if no day ever matches. */
function shortestDayGap(s: CronSchedule): number | undefined {
  let first: number | undefined;
  let previous: number | undefined;
  let best = Infinity;
  let day = 0;
  for (let year = CYCLE_START_YEAR; year < CYCLE_START_YEAR + CYCLE_YEARS; year++) {
    for (let month = 1; month <= 12; month++) {
      const monthDays = daysInMonth(year, month);
      for (let dom = 1; dom <= monthDays; dom++, day++) {
        if (!dayMatches(s, dom, month, (CYCLE_START_WEEKDAY + day) % 7)) continue;
        if (previous !== undefined) best = Math.min(best, day - previous);
        if (best === 1) return 1;
        first ??= day;
        previous = day;
      }
    }
  }
  if (first === undefined || previous === undefined) return undefined;
  return Math.min(best, first + CYCLE_DAYS - previous);
}

/**
 * The shortest interval, in minutes, between two consecutive firings, or undefined if the schedule never
 * fires. Every matching day fires at the same times, so the gap is the least of: adjacent minutes within an
 * hour, last minute of one listed hour to the first of the next, and last firing of one matching day to the
 * first of the next. Computed on the wall clock: daylight-saving shifts are ignored.
 */
export function shortestCronGapMinutes(s: CronSchedule): number | undefined {
  const days = shortestDayGap(s);
  if (days === undefined) return undefined;
  const { minutes, hours } = s;
  const minuteSpan = minutes[minutes.length - 1] - minutes[0];
  const hourSpan = hours[hours.length - 1] - hours[0];
  return Math.min(
    days * MINUTES_PER_DAY - hourSpan * 60 - minuteSpan,
    ...adjacentGaps(minutes),
    ...adjacentGaps(hours).map((h) => h * 60 - minuteSpan),
  );
}
