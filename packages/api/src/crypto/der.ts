/**
 * The little DER (ITU-T X.690) and PEM that the agent and the CLI write and read themselves. Their
 * certificate requests are one fixed structure, so a general ASN.1 library, which would cost every
 * device megabytes of memory, is not needed for them. Node's Buffer only.
 */

export const DER_TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OBJECT_IDENTIFIER: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export interface DerElement {
  tag: number;
  content: Buffer;
}

/** The characters of an ASN.1 PrintableString. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

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

/** `[n]` constructed, context-specific, as a certificate request's attributes. */
export function derContext(n: number, ...contents: Uint8Array[]): Buffer {
  return derEncode(0xa0 | n, ...contents);
}

/** A non-negative integer, in the fewest bytes that keep it positive in two's complement. */
export function derInteger(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`unsupported DER integer ${value}`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  if (bytes.length === 0 || bytes[0]! & 0x80) bytes.unshift(0);
  return derEncode(DER_TAG.INTEGER, Buffer.from(bytes));
}

/** A bit string of whole bytes, so with no unused bits. */
export function derBitString(bytes: Uint8Array): Buffer {
  return derEncode(DER_TAG.BIT_STRING, Buffer.from([0]), bytes);
}

/** Text as a PrintableString when it fits one, else as a UTF8String, as Go's encoding/asn1 writes it. */
export function derString(text: string): Buffer {
  return derEncode(PRINTABLE.test(text) ? DER_TAG.PRINTABLE_STRING : DER_TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
}

function base128(value: number): number[] {
  const groups = [value % 128];
  for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) groups.unshift((rest % 128) | 0x80);
  return groups;
}

/** An object identifier element from its dotted form, such as `2.5.4.3`. */
export function derObjectIdentifier(dotted: string): Buffer {
  const arcs = /^[0-2](\.\d+)+$/.test(dotted) ? dotted.split('.').map(Number) : [];
  const [first = 0, second = 0, ...rest] = arcs;
  if (arcs.length === 0 || !arcs.every(Number.isSafeInteger) || (first < 2 && second >= 40))
    throw new Error(`invalid object identifier "${dotted}"`);
  const bytes = [first * 40 + second, ...rest].flatMap(base128);
  return derEncode(DER_TAG.OBJECT_IDENTIFIER, Buffer.from(bytes));
}

/** The dotted form of an object identifier element's content. */
export function decodeObjectIdentifier(content: Buffer): string {
  const values: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    values.push(value);
    value = 0;
  }
  if (values.length === 0 || content[content.length - 1]! & 0x80) throw new Error('invalid DER object identifier');
  const [joint = 0, ...rest] = values;
  const first = Math.min(Math.floor(joint / 40), 2);
  return [first, joint - first * 40, ...rest].join('.');
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
    if ((tag & 0x1f) === 0x1f) throw new Error('unsupported DER tag');
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
export function toPem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER document of the first PEM block with this label; throws when there is none. */
export function fromPem(label: string, pem: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`no PEM ${label}`);
  return Buffer.from(match[1]!.replace(/\s/g, ''), 'base64');
}
