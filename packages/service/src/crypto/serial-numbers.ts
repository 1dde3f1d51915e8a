/**
 * Certificate serial numbers (ref/service.md §6.1): random by default, so that several service
 * replicas never issue the same one; or counted in a file (`ca.internalConfig.serialFile`) for
 * operators who want them sequential, as upstream offers.
 */
import { randomBytes } from 'node:crypto';
import { CERTIFICATE_MODE, readOptionalFile, writeFileAtomically } from './cert-files.js';

export interface SerialNumbers {
  /** The next serial number, as positive hexadecimal. */
  next(): Promise<string>;
}

/** 128 random bits with the top bit clear, so the DER integer stays positive and 16 bytes long. */
export const randomSerialNumbers: SerialNumbers = {
  async next() {
    const bytes = randomBytes(16);
    bytes[0] = bytes[0]! & 0x7f;
    return bytes.toString('hex');
  },
};

/**
 * The file holds the last serial issued, in hexadecimal (upstream writes "00" for a new CA). Calls
 * are serialised in this process; the file is meant for a single service process, as upstream's is.
 */
export function fileSerialNumbers(file: string): SerialNumbers {
  let last: Promise<string> = Promise.resolve('');
  return {
    next() {
      // A failed step must not fail every later one.
      last = last
        .catch(() => '')
        .then(async () => {
          const text = ((await readOptionalFile(file)) ?? '00').trim();
          if (!/^[0-9a-fA-F]+$/.test(text)) throw new Error(`serial file ${file} does not hold a hexadecimal number`);
          const serial = (BigInt(`0x${text}`) + 1n).toString(16);
          const padded = serial.length % 2 === 0 ? serial : `0${serial}`;
          await writeFileAtomically(file, `${padded}\n`, CERTIFICATE_MODE);
          return padded;
        });
      return last;
    },
  };
}
