import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateRequestCommonName, certificateRequestPem } from './certificate-request.js';
import { DER_TAG, decodeObjectIdentifier, derDecode, derEncode, fromPem, toPem, type DerElement } from './der.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = publicKey.export({ type: 'spki', format: 'der' });

function request(commonName: string, organization?: string): string {
  return certificateRequestPem({
    commonName,
    organization,
    publicKey: spki,
    sign: (data) => sign('sha256', data, privateKey),
  });
}

/** DER is canonical: an element encoded again is the bytes it was read from. */
const der = (element: DerElement) => derEncode(element.tag, element.content);
const children = (element: DerElement) => derDecode(element.content);
const oid = (element: DerElement | undefined) => decodeObjectIdentifier(element!.content);

/** The parts of a request, read with nothing but the DER decoder. */
function parts(pem: string) {
  const [csr, ...after] = derDecode(fromPem('CERTIFICATE REQUEST', pem));
  expect(after).toEqual([]);
  const [info, algorithm, signature] = children(csr!) as [DerElement, DerElement, DerElement];
  const [version, subject, key, attributes] = children(info) as [DerElement, DerElement, DerElement, DerElement];
  return { csr: csr!, info, algorithm, signature, version, subject, key, attributes };
}

describe('certificate requests', () => {
  it('are a PKCS#10 request for the key, signed ECDSA with SHA-256', () => {
    const pem = request('device-1');
    expect(pem).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE REQUEST-----\n$/,
    );
    const { csr, info, algorithm, signature, version, key, attributes } = parts(pem);
    expect(csr.tag).toBe(DER_TAG.SEQUENCE);
    expect(der(version)).toEqual(Buffer.from('020100', 'hex'));
    expect(der(key)).toEqual(spki);
    expect(der(attributes)).toEqual(Buffer.from('a000', 'hex'));
    expect(children(algorithm).map((e) => oid(e))).toEqual(['1.2.840.10045.4.3.2']);
    expect(signature.tag).toBe(DER_TAG.BIT_STRING);
    expect(signature.content[0]).toBe(0);
    expect(verify('sha256', der(info), publicKey, signature.content.subarray(1))).toBe(true);
  });

  it('name only the common name, as a PrintableString when it can be one', () => {
    for (const [name, tag] of [
      ['client-enrollment-0a1b2c3d', DER_TAG.PRINTABLE_STRING],
      ['device:n95qjsoah4hm8fknigkbrhr5bk7m2popouimbr8p14323eke72cg', DER_TAG.PRINTABLE_STRING],
      ['Gerät #1, "edge"', DER_TAG.UTF8_STRING],
    ] as const) {
      const pem = request(name);
      const [rdn, ...more] = children(parts(pem).subject);
      expect(more).toEqual([]);
      const [attribute] = children(rdn!);
      const [type, value] = children(attribute!);
      expect(oid(type)).toBe('2.5.4.3');
      expect(value).toEqual({ tag, content: Buffer.from(name) });
      expect(certificateRequestCommonName(pem)).toBe(name);
    }
  });

  it('request the organization as the Flight Control org-ID extension', () => {
    const organization = '3f1c2b8e-0d7a-4e55-9a1e-2b6c1f0e9d42';
    const { attributes } = parts(request('client-enrollment', organization));
    expect(attributes.tag).toBe(0xa0);
    const [extensionRequest] = children(attributes);
    const [type, values] = children(extensionRequest!);
    expect(oid(type)).toBe('1.2.840.113549.1.9.14');
    const [extensions] = children(values!);
    const [extension, ...more] = children(extensions!);
    expect(more).toEqual([]);
    const [extensionId, extensionValue] = children(extension!);
    expect(oid(extensionId)).toBe('1.3.6.1.4.1.99999.1.2');
    expect(extensionValue!.tag).toBe(DER_TAG.OCTET_STRING);
    expect(derDecode(extensionValue!.content)).toEqual([
      { tag: DER_TAG.PRINTABLE_STRING, content: Buffer.from(organization) },
    ]);
  });

  it('have no common name to tell when the text is not a request', () => {
    expect(certificateRequestCommonName('not a PEM')).toBeUndefined();
    expect(certificateRequestCommonName(toPem('CERTIFICATE REQUEST', Buffer.from([0, 0, 0])))).toBeUndefined();
    expect(certificateRequestCommonName(toPem('CERTIFICATE REQUEST', Buffer.from('3000', 'hex')))).toBeUndefined();
    expect(certificateRequestCommonName(request('x').replace(/REQUEST/g, 'OTHER'))).toBeUndefined();
  });
});
