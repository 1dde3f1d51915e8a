/**
 * The little DER (ITU-T X.690) and PEM the agent writes and reads itself. Its certificate requests are
 * one fixed structure, so a general ASN.1 library, which costs every device megabytes of memory, is not
 * needed for them.
 */

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OBJECT_IDENTIFIER: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  SEQUENCE: 0x30,
  SET: 0x31,
  /** `[0]` constructed, as a certificate request's attributes. */
  CONTEXT_0: 0xa0,
} as const;

export interface DerElement {
  tag: number;
  content: Buffer;
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: its tag, then the length and the concatenated contents. */
export function derEncode(tag: number, ...contents: Uint8Array[]): Buffer {
  const content = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** The elements that follow one another in `data`: a whole document, or a constructed element's content. */
export function derDecode(data: Buffer): DerElement[] {
  const elements: DerElement[] = [];
  let at = 0;
  const byte = () => {
    if (at >= data.length) throw new Error('truncated DER');
    return data[at++]!;
  };
  while (at < data.length) {
    const tag = byte();
    let length = byte();
    if (length & 0x80) {
      const size = length & 0x7f;
      if (size === 0 || size > 4) throw new Error('unsupported DER length');
      length = 0;
      for (let i = 0; i < size; i++) length = length * 256 + byte();
    }
    if (at + length > data.length) throw new Error('truncated DER');
    elements.push({ tag, content: data.subarray(at, at + length) });
    at += length;
  }
  return elements;
}

/** PEM text of a DER document: base64 in lines of 64 between BEGIN and END lines. */
export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER document of the first PEM block with this label; throws when there is none. */
export function fromPem(label: string, pem: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`no PEM ${label}`);
  return Buffer.from(match[1]!.replace(/\s/g, ''), 'base64');
}
