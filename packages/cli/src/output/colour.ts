/**
 * Terminal colours for tables: bold headers and status words coloured by what they mean. Only
 * applied when stdout is a terminal, so piped output stays plain text for scripts.
 */

const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';

/** Status words of every kind's status columns; anything else (Unknown, <none>…) stays plain. */
const STATUS_COLOURS: Readonly<Record<string, string>> = {
  // good
  Online: GREEN,
  UpToDate: GREEN,
  Healthy: GREEN,
  True: GREEN,
  true: GREEN,
  Approved: GREEN,
  'Approved,Issued': GREEN,
  Normal: GREEN,
  // in between: changing, waiting, or worth a look
  Degraded: YELLOW,
  Updating: YELLOW,
  OutOfDate: YELLOW,
  Rebooting: YELLOW,
  PoweredOff: YELLOW,
  AwaitingReconnect: YELLOW,
  ConflictPaused: YELLOW,
  Pending: YELLOW,
  Warning: YELLOW,
  // bad
  Error: RED,
  False: RED,
  false: RED,
  Denied: RED,
  Failed: RED,
};

export function bold(text: string): string {
  return `${BOLD}${text}${RESET}`;
}

/** The word in its status colour, or unchanged when it has none. */
export function statusColour(word: string): string {
  const colour = STATUS_COLOURS[word];
  return colour ? `${colour}${word}${RESET}` : word;
}
