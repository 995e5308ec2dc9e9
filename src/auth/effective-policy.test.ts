import { describe, expect, it } from 'vitest';
import type { KeyRecord, TeamRecord, UserRecord } from '../core/access-policy.js';
import { effectivePolicy } from './effective-policy.js';

const key = (fields: Partial<KeyRecord> = {}): KeyRecord => ({
  id: 'key_1',
  name: 'app',
  hash: 'h',
  prefix: 'sk-sy-abcdef…',
  role: 'user',
  createdAt: 0,
  updatedAt: 0,
  ...fields,
});
const user = (fields: Partial<UserRecord> = {}): UserRecord => ({ id: 'user_1', createdAt: 0, updatedAt: 0, ...fields });
const team = (fields: Partial<TeamRecord> = {}): TeamRecord => ({ id: 'team_1', name: 'ml', createdAt: 0, updatedAt: 0, ...fields });

describe('effectivePolicy', () => {
  it('sets no limit when no level sets one', () => {
    expect(effectivePolicy(key(), undefined, undefined)).toEqual({
      rpmLimit: undefined,
      tpmLimit: undefined,
      maxParallel: undefined,
      allowedRegions: undefined,
      budgets: [],
      modelLists: [],
      ipLists: [],
    });
    expect(effectivePolicy(undefined, undefined, undefined).budgets).toEqual([]);
  });

  it('takes the minimum of the numeric limits that are set', () => {
    const policy = effectivePolicy(key({ rpmLimit: 100, tpmLimit: 50_000 }), user({ rpmLimit: 30 }), team({ rpmLimit: 60, maxParallel: 4, tpmLimit: 90_000 }));
    expect(policy).toMatchObject({ rpmLimit: 30, tpmLimit: 50_000, maxParallel: 4 });
    expect(effectivePolicy(key({ maxParallel: 0 }), undefined, team({ maxParallel: 5 })).maxParallel).toBe(0);
  });

  it('intersects the region lists that are set', () => {
    expect(effectivePolicy(key({ allowedRegions: ['eu-west-1', 'eu-central-1', 'us-east-1'] }), user(), team({ allowedRegions: ['eu-central-1', 'eu-west-1'] })).allowedRegions).toEqual([
      'eu-west-1',
      'eu-central-1',
    ]);
    expect(effectivePolicy(key(), user({ allowedRegions: ['us-east-1'] }), undefined).allowedRegions).toEqual(['us-east-1']);
    expect(effectivePolicy(key({ allowedRegions: ['eu-west-1'] }), undefined, team({ allowedRegions: ['us-east-1'] })).allowedRegions).toEqual([]);
  });

  it('keeps each level its own budget', () => {
    const policy = effectivePolicy(
      key({ budgetMicros: 5_000_000, budgetPeriod: 'daily' }),
      user({ budgetMicros: 20_000_000 }),
      team({ budgetMicros: 100_000_000, budgetPeriod: 'monthly' }),
    );
    expect(policy.budgets).toEqual([
      { scope: 'key', id: 'key_1', limitMicros: 5_000_000, period: 'daily' },
      { scope: 'user', id: 'user_1', limitMicros: 20_000_000, period: 'total' },
      { scope: 'team', id: 'team_1', limitMicros: 100_000_000, period: 'monthly' },
    ]);
    expect(effectivePolicy(key({ budgetPeriod: 'daily' }), undefined, undefined).budgets).toEqual([]);
  });

  it('returns the model and IP lists of every level that sets them', () => {
    const policy = effectivePolicy(
      key({ models: ['claude/*'], ipDeny: ['10.6.0.0/16'] }),
      user({ models: [] }),
      team({ ipAllow: ['10.0.0.0/8'] }),
    );
    expect(policy.modelLists).toEqual([['claude/*'], []]);
    expect(policy.ipLists).toEqual([
      { allow: undefined, deny: ['10.6.0.0/16'] },
      { allow: ['10.0.0.0/8'], deny: undefined },
    ]);
  });
});
