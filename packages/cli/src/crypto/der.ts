/** Just enough DER (ITU-T X.690) to write a PKCS#10 certificate request. */

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const sequence = (...contents: Buffer[]) => tlv(0x30, ...contents);
export const set = (...contents: Buffer[]) => tlv(0x31, ...contents);
export const integer = (value: number) => tlv(0x02, Buffer.from([value]));
export const octetString = (bytes: Buffer) => tlv(0x04, bytes);
/** Bit strings here are whole bytes, so no unused bits. */
export const bitString = (bytes: Buffer) => tlv(0x03, Buffer.from([0]), bytes);
export const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
export const printableString = (text: string) => tlv(0x13, Buffer.from(text, 'ascii'));
/** `[n]` constructed, context-specific. */
export const contextTag = (n: number, ...contents: Buffer[]) => tlv(0xa0 | n, ...contents);

export function objectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let n = arc; ; n = Math.floor(n / 128)) {
      groups.unshift((n % 128) | (groups.length > 0 ? 0x80 : 0));
      if (n < 128) break;
    }
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}
