import { describe, expect, it } from 'vitest';
import { ConditionTypes } from '../common/meta.js';
import {
  CONDITION_TYPE,
  DECOMMISSION_REASON,
  RESOURCE_SYNC_REASON,
  TPM_CHALLENGE_REASON,
  UPDATE_STATE,
} from './conditions.js';

describe('condition constants', () => {
  it('name every condition type of meta.ts', () => {
    expect(Object.values(CONDITION_TYPE)).toEqual([...ConditionTypes]);
    expect(CONDITION_TYPE.DeviceDecommissioning).toBe('DeviceDecommissioning');
    expect(DECOMMISSION_REASON.Completed).toBe('Completed');
  });

  it('carry the reasons verbatim', () => {
    expect(Object.keys(UPDATE_STATE)).toHaveLength(9);
    expect(TPM_CHALLENGE_REASON.ChallengeRequired).toBe('TPMChallengeRequired');
    expect(RESOURCE_SYNC_REASON.RepositoryNotFound).toBe('repository resource not found');
  });
});
