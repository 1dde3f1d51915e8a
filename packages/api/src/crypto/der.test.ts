import { describe, expect, it } from 'vitest';
import {
  DER_TAG,
  decodeObjectIdentifier,
  derBitString,
  derContext,
  derDecode,
  derEncode,
  derInteger,
  derObjectIdentifier,
  derString,
  fromPem,
  toPem,
} from './der.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('DER', () => {
  it('encodes lengths short below 128 and long from there, and decodes them back', () => {
    for (const [size, header] of [
      [0, '0400'],
      [127, '047f'],
      [128, '048180'],
      [255, '0481ff'],
      [256, '04820100'],
      [65_536, '0483010000'],
    ] as const) {
      const content = Buffer.alloc(size, 7);
      const element = derEncode(DER_TAG.OCTET_STRING, content);
      expect(hex(element.subarray(0, header.length / 2)), `${size}`).toBe(header);
      const [decoded, ...more] = derDecode(element);
      expect(more).toEqual([]);
      expect(decoded!.tag).toBe(DER_TAG.OCTET_STRING);
      expect(decoded!.content.equals(content), `${size}`).toBe(true);
    }
  });

  it('concatenates contents, and decodes elements that follow one another and nest', () => {
    const doc = Buffer.concat([
      derEncode(DER_TAG.SEQUENCE, derInteger(5), derString('a'), derEncode(DER_TAG.SET)),
      derContext(0),
    ]);
    expect(hex(doc)).toBe('30080201051301613100a000');
    const [sequence, context] = derDecode(doc);
    expect(context).toEqual({ tag: 0xa0, content: Buffer.alloc(0) });
    expect(derDecode(sequence!.content).map((e) => [e.tag, hex(e.content)])).toEqual([
      [DER_TAG.INTEGER, '05'],
      [DER_TAG.PRINTABLE_STRING, '61'],
      [DER_TAG.SET, ''],
    ]);
  });

  it('refuses truncated documents, indefinite or huge lengths and multi-byte tags', () => {
    expect(() => derDecode(Buffer.from('3005020101', 'hex'))).toThrow('truncated DER');
    expect(() => derDecode(Buffer.from('30', 'hex'))).toThrow('truncated DER');
    expect(() => derDecode(Buffer.from('3081', 'hex'))).toThrow('truncated DER');
    expect(() => derDecode(Buffer.from('30800000', 'hex'))).toThrow('unsupported DER length');
    expect(() => derDecode(Buffer.from('30850000000001', 'hex'))).toThrow('unsupported DER length');
    expect(() => derDecode(Buffer.from('1f2a00', 'hex'))).toThrow('unsupported DER tag');
  });

  it('encodes non-negative integers in the fewest bytes that keep them positive', () => {
    expect(hex(derInteger(0))).toBe('020100');
    expect(hex(derInteger(127))).toBe('02017f');
    expect(hex(derInteger(128))).toBe('02020080');
    expect(hex(derInteger(256))).toBe('02020100');
    expect(hex(derInteger(0x01_00_00_00_00))).toBe('02050100000000');
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1]) expect(() => derInteger(bad)).toThrow('DER integer');
  });

  it('writes bit strings of whole bytes and strings as Go does', () => {
    expect(hex(derBitString(Buffer.from([0xab, 0xcd])))).toBe('030300abcd');
    expect(hex(derString("device-1 (A=b, c'd?:/+.)"))).toMatch(/^13/);
    expect(hex(derString('Gerät'))).toBe(`0c06${Buffer.from('Gerät').toString('hex')}`);
    expect(hex(derString('a@b'))).toMatch(/^0c03/);
    expect(hex(derString('a_b'))).toMatch(/^0c03/);
  });

  it('encodes object identifiers and reads them back', () => {
    for (const [dotted, content] of [
      ['2.5.4.3', '550403'],
      ['1.2.840.10045.4.3.2', '2a8648ce3d040302'],
      ['1.2.840.113549.1.9.14', '2a864886f70d01090e'],
      ['1.3.6.1.4.1.99999.1.2', '2b06010401868d1f0102'],
      ['2.999.3', '883703'],
      ['0.39', '27'],
    ] as const) {
      const element = derObjectIdentifier(dotted);
      expect(hex(element), dotted).toBe(`06${(content.length / 2).toString(16).padStart(2, '0')}${content}`);
      expect(decodeObjectIdentifier(derDecode(element)[0]!.content)).toBe(dotted);
    }
  });

  it('refuses malformed object identifiers', () => {
    for (const bad of ['', '1', '3.1', '1.40', '1..2', '1.2.', 'a.b', '1.2.99999999999999999'])
      expect(() => derObjectIdentifier(bad), bad).toThrow('invalid object identifier');
    expect(() => decodeObjectIdentifier(Buffer.alloc(0))).toThrow('invalid DER object identifier');
    expect(() => decodeObjectIdentifier(Buffer.from('2a86', 'hex'))).toThrow('invalid DER object identifier');
  });
});

describe('PEM', () => {
  it('writes base64 lines of 64 between BEGIN and END lines, and reads them back', () => {
    const der = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    const pem = toPem('CERTIFICATE REQUEST', der);
    const lines = pem.split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE REQUEST-----');
    expect(lines.slice(1, -2).map((l) => l.length)).toEqual([64, 64, 8]);
    expect(lines.slice(-2)).toEqual(['-----END CERTIFICATE REQUEST-----', '']);
    expect(fromPem('CERTIFICATE REQUEST', pem)).toEqual(der);
  });

  it('reads the first block with the label among others, with any line breaks', () => {
    const text = `${toPem('CERTIFICATE', Buffer.from([1]))}junk\n${toPem('X', Buffer.from([2]))}${toPem('X', Buffer.from([3]))}`;
    expect(fromPem('X', text)).toEqual(Buffer.from([2]));
    expect(fromPem('X', '-----BEGIN X-----\r\nAQ\r\nID\r\n-----END X-----')).toEqual(Buffer.from([1, 2, 3]));
    expect(() => fromPem('Y', text)).toThrow('no PEM Y');
  });
});
