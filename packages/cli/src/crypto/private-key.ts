/**
 * Private key files: P-256 keys written PEM-encoded with mode 0600 (encrypted as PKCS#8 when a
 * password is given), and keys read back in the clear for embedding in an agent config.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { CliError } from '../errors.js';
import { keyPassword } from './key-password.js';

/** Unencrypted keys are SEC 1 ("EC PRIVATE KEY"), as upstream writes them. */
export function keyPem(key: KeyObject): string {
  const type = key.asymmetricKeyType === 'ec' ? 'sec1' : 'pkcs8';
  return key.export({ type, format: 'pem' }).toString();
}

export function writePrivateKey(path: string, key: KeyObject, password?: string): void {
  const pem = password
    ? key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }).toString()
    : keyPem(key);
  try {
    writeFileSync(path, pem, { mode: 0o600 });
  } catch (err) {
    throw new CliError(`writing private key to ${path}: ${(err as Error).message}`);
  }
}

/** The key at `path` as unencrypted PEM, asking for its password when it is encrypted. */
export async function readPrivateKeyPem(path: string): Promise<string> {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`reading private key ${path}: ${(err as Error).message}`);
  }
  const encrypted = pem.includes('ENCRYPTED');
  const passphrase = encrypted ? await keyPassword() : undefined;
  try {
    const key = createPrivateKey({ key: pem, passphrase });
    return encrypted ? keyPem(key) : pem;
  } catch (err) {
    throw new CliError(
      encrypted
        ? `unable to decrypt key: ${(err as Error).message}`
        : `invalid key specified: path: ${path}, error ${(err as Error).message}`,
    );
  }
}
