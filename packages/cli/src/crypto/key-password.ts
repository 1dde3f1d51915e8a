/**
 * The password that encrypts or decrypts a private key: $FCPASS, else asked twice on the
 * terminal without echo (as upstream's `certificate request -e` and `enrollmentconfig -p`).
 */
import { CliError } from '../errors.js';

const CTRL_C = '\u0003';
const BACKSPACES = new Set(['\u007f', '\b']);

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === CTRL_C) {
          finish();
          reject(new CliError('interrupted', 130));
          return;
        }
        value = BACKSPACES.has(ch) ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function keyPassword(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.FCPASS) return env.FCPASS;
  if (!process.stdin.isTTY) throw new CliError('set $FCPASS to the key password: there is no terminal to ask for it');
  const password = await readHidden('Enter password for data encryption: ');
  const again = await readHidden('Enter password for data encryption again: ');
  if (password !== again) throw new CliError('passwords do not match');
  return password;
}
