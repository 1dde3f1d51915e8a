/**
 * The user's editor: `--editor`, else $FLIGHTCTL_EDITOR, $VISUAL, $EDITOR, else `vi`. The setting
 * may carry arguments (`code --wait`); it is split into words as a shell would for quotes and
 * backslashes, and run directly, without a shell, with the file as last argument.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { CliError } from '../errors.js';

export function resolveEditor(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.FLIGHTCTL_EDITOR || env.VISUAL || env.EDITOR || 'vi';
}

/** `a 'b c' "d\"e" f\ g` → [a, b c, d"e, f g] */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (c === '\\' && i + 1 < line.length && (!quote || '"\\$`'.includes(line[i + 1]!))) {
      word = (word ?? '') + line[++i];
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (quote) throw new CliError(`the editor command has an unterminated ${quote}: ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** Runs the editor on `file` with the terminal attached, and waits for it to exit. */
export function runEditor(editor: string, file: string): void {
  const [program, ...args] = splitCommandLine(editor);
  if (!program) throw new CliError('the editor command is empty');
  // As upstream: nano otherwise asks about DOS/Mac line endings and may save them.
  if (basename(program).includes('nano')) args.push('-N', '-u');
  const result = spawnSync(program, [...args, file], { stdio: 'inherit' });
  if (result.error) throw new CliError(`running editor "${editor}": ${result.error.message}`);
  if (result.status !== 0)
    throw new CliError(
      `editor "${editor}" ${result.signal ? `was killed by ${result.signal}` : `exited with status ${result.status}`}`,
    );
}
