/**
 * Condition types and reasons per kind (api.md §8.1). The list of types is `ConditionTypes`
 * in common/meta.ts; this module names its members and the reasons each kind uses.
 */
import { ConditionTypes } from '../common/meta.js';
import { DecommissionStates } from '../kinds/device-status.js';

/** `{ A: 'A', B: 'B' }` from `['A', 'B']`, so lists defined elsewhere can be used by name. */
function named<const T extends string>(values: readonly T[]): { readonly [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { readonly [K in T]: K };
}

export type ConditionTypeName = (typeof ConditionTypes)[number];

/** `CONDITION_TYPE.Approved === 'Approved'`, one entry per member of `ConditionTypes`. */
export const CONDITION_TYPE = named(ConditionTypes);

/**
 * Device condition types older agents may still send (upstream's README lists them; the current
 * agent does not). Status writes accept any type, so these pass through untouched.
 */
export const LEGACY_DEVICE_CONDITION_TYPES = [
  'Ready',
  'DiskPressure',
  'PIDPressure',
  'MemoryPressure',
  'CPUPressure',
  'SystemdUnitsRunning',
  'ContainersRunning',
  'Available',
  'Progressing',
  'Degraded',
] as const;

/** Device `Updating`: the agent's update state (`ActivatingConfig` is transient and not reported). */
export const UPDATE_STATE = {
  Preparing: 'Preparing',
  ReadyToUpdate: 'ReadyToUpdate',
  ApplyingUpdate: 'ApplyingUpdate',
  Rebooting: 'Rebooting',
  Updated: 'Updated',
  Canceled: 'Canceled',
  Error: 'Error',
  RollingBack: 'RollingBack',
  Retrying: 'Retrying',
} as const;

/** Device `SpecValid` and Fleet `Valid`. */
export const VALIDITY_REASON = { Valid: 'Valid', Invalid: 'Invalid' } as const;

/** Device `MultipleOwners` (True; the message lists the matching fleets). */
export const MULTIPLE_OWNERS_REASON = 'MultipleOwners';

/** Device `DeviceDecommissioning`: the agent's decommission state. */
export const DECOMMISSION_REASON = named(DecommissionStates);

/** Fleet `RolloutInProgress`: True Active; False Inactive, Suspended or Waiting. */
export const ROLLOUT_REASON = {
  Active: 'Active',
  Inactive: 'Inactive',
  Suspended: 'Suspended',
  Waiting: 'Waiting',
} as const;

/** EnrollmentRequest `Approved` (message "Approved by <user>"). */
export const ENROLLMENT_APPROVED_REASON = 'ManuallyApproved';

/** EnrollmentRequest `TPMVerified` before and after the TPM challenge. */
export const TPM_CHALLENGE_REASON = {
  VerificationFailed: 'TPMVerificationFailed',
  ChallengeRequired: 'TPMChallengeRequired',
  ChallengeSucceeded: 'TPMChallengeSucceeded',
  ChallengeFailed: 'TPMChallengeFailed',
} as const;

/** CertificateSigningRequest conditions. */
export const CSR_REASON = {
  Approved: 'Approved',
  Denied: 'Denied',
  SigningFailed: 'SigningFailed',
  TPMVerificationSucceeded: 'TPMVerificationSucceeded',
  TPMVerificationFailed: 'TPMVerificationFailed',
} as const;

/** Repository `Accessible` (True message "Accessible"; False message is the error). */
export const REPOSITORY_ACCESSIBLE_REASON = { Accessible: 'Accessible', Inaccessible: 'Inaccessible' } as const;

/** ResourceSync reasons: upstream writes these lowercase phrases verbatim. */
export const RESOURCE_SYNC_REASON = {
  Accessible: 'accessible',
  RepositoryNotFound: 'repository resource not found',
  CloneFailed: 'failed to clone repository',
  PathNotFound: 'path not found in repository',
  Success: 'success',
  Fail: 'fail',
  NewHashDetected: 'NewHashDetected',
} as const;
