/**
 * Flight Control's private certificate extensions (ref/service.md §6.1). Every client certificate
 * the service issues names its signer, organization and (for devices) fingerprint in these
 * non-critical UTF8String extensions; the agent API reads them back to identify the caller.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { DirectoryString } from '@peculiar/asn1-x509';
import { x509 } from './x509.js';

export const OID_SIGNER_NAME = '1.3.6.1.4.1.99999.1.1';
export const OID_ORGANIZATION_ID = '1.3.6.1.4.1.99999.1.2';
export const OID_DEVICE_FINGERPRINT = '1.3.6.1.4.1.99999.1.3';

export interface FlightctlCertificateFields {
  signerName?: string;
  orgId?: string;
  fingerprint?: string;
}

/** A non-critical extension whose value is an ASN.1 UTF8String. */
export function utf8StringExtension(oid: string, value: string): x509.Extension {
  const der = AsnConvert.serialize(new DirectoryString({ utf8String: value }));
  return new x509.Extension(oid, false, der);
}

/** The string value of an extension written as an ASN.1 string (UTF8String, PrintableString, …). */
export function readUtf8StringExtension(ext: x509.Extension): string {
  return AsnConvert.parse(ext.value, DirectoryString).toString();
}

function readUtf8String(cert: x509.X509Certificate, oid: string): string | undefined {
  const ext = cert.getExtension(oid);
  return ext ? readUtf8StringExtension(ext) : undefined;
}

/** The extensions that carry `fields`, for a certificate being issued. */
export function flightctlExtensions(fields: FlightctlCertificateFields): x509.Extension[] {
  const out: x509.Extension[] = [];
  if (fields.signerName) out.push(utf8StringExtension(OID_SIGNER_NAME, fields.signerName));
  if (fields.orgId) out.push(utf8StringExtension(OID_ORGANIZATION_ID, fields.orgId));
  if (fields.fingerprint) out.push(utf8StringExtension(OID_DEVICE_FINGERPRINT, fields.fingerprint));
  return out;
}

/** Reads the Flight Control fields of a certificate (PEM, DER or parsed). */
export function readFlightctlFields(
  cert: x509.X509Certificate | string | ArrayBuffer | Buffer,
): FlightctlCertificateFields {
  const parsed = cert instanceof x509.X509Certificate ? cert : new x509.X509Certificate(cert as string);
  return {
    signerName: readUtf8String(parsed, OID_SIGNER_NAME),
    orgId: readUtf8String(parsed, OID_ORGANIZATION_ID),
    fingerprint: readUtf8String(parsed, OID_DEVICE_FINGERPRINT),
  };
}
