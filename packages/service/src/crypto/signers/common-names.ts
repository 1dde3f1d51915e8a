/**
 * Common-name rules of the signers (ref/service.md §6.2): enrollment certificates are named
 * `client-enrollment[-…]` unless the name is already allowed, device certificates `device:<fingerprint>`.
 */
import { SigningError } from '../certificate-request.js';
import type { SignerSettings } from './signer.js';

/** Upstream's floor for a device fingerprint (ours are 52 base32hex characters). */
export const MIN_FINGERPRINT_LENGTH = 16;

/** The CN an enrollment certificate for `name` gets. */
export function bootstrapCommonName(settings: SignerSettings, name: string): string {
  if (name === settings.bootstrapCommonName || settings.extraAllowedPrefixes.includes(name)) return name;
  const kept = [settings.bootstrapCommonNamePrefix, settings.deviceCommonNamePrefix, ...settings.extraAllowedPrefixes];
  return kept.some((prefix) => prefix !== '' && name.startsWith(prefix))
    ? name
    : settings.bootstrapCommonNamePrefix + name;
}

/** `device:<fingerprint>` for a fingerprint, or for a CN that already has the prefix. */
export function deviceCommonName(settings: SignerSettings, fingerprintOrName: string): string {
  if (fingerprintOrName.length < MIN_FINGERPRINT_LENGTH)
    throw new SigningError(`device fingerprint must have ${MIN_FINGERPRINT_LENGTH} characters at least`);
  const prefix = settings.deviceCommonNamePrefix;
  return fingerprintOrName.startsWith(prefix) ? fingerprintOrName : prefix + fingerprintOrName;
}

/** The fingerprint in a device CN; the CN must carry the prefix. */
export function fingerprintOf(settings: SignerSettings, commonName: string): string {
  const prefix = settings.deviceCommonNamePrefix;
  if (!commonName.startsWith(prefix))
    throw new SigningError(`common name "${commonName}" is missing the device prefix "${prefix}"`);
  const fingerprint = commonName.slice(prefix.length);
  if (fingerprint.length < MIN_FINGERPRINT_LENGTH)
    throw new SigningError(
      `fingerprint in common name "${commonName}" must have ${MIN_FINGERPRINT_LENGTH} characters at least`,
    );
  return fingerprint;
}
