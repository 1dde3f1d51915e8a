/**
 * A yes/no question before an action, asked on stderr so stdout stays clean for scripts. The answer
 * is the first line of stdin; without one (stdin closed or not a terminal with nothing to read)
 * the action is refused and --yes suggested.
 */
import { createInterface } from 'node:readline';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';

/** The first line of stdin, or undefined when it ends first. */
function readLine(): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  return new Promise((resolve) => {
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      resolve(line);
      lines.close();
    });
    lines.once('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}

export async function confirm(io: Output, question: string): Promise<void> {
  io.err(`${question} (y/N): `);
  const answer = await readLine();
  // A terminal echoed the answer and its newline; piped input did not, so end the prompt line here.
  if (!process.stdin.isTTY) io.err('\n');
  if (answer === undefined)
    throw new CliError('no answer to the confirmation prompt on stdin; use --yes to skip the prompt');
  if (!['y', 'yes'].includes(answer.trim().toLowerCase())) throw new CliError('cancelled');
}
