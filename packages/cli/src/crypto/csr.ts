/**
 * The PKCS#10 certificate request of `certificate request` (ref/clients.md §1.6.9), as upstream
 * creates it: subject CN = the request name, and the organization as the Flight Control org-ID
 * extension so the certificate is issued for it. @flightctl/api encodes it; Node's crypto signs it.
 */
import { sign, type KeyObject } from 'node:crypto';
import { certificateRequestPem } from '@flightctl/api';

export function createCsrPem(
  privateKey: KeyObject,
  publicKey: KeyObject,
  commonName: string,
  organization?: string,
): string {
  return certificateRequestPem({
    commonName,
    organization,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }),
    sign: (data) => sign('sha256', data, privateKey),
  });
}
