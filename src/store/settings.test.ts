import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { getSetting, putSetting } from './settings';
import { SettingShapeError } from './errors';

describe('settings', () => {
  it('refuse a value of the wrong shape for a known key, and keep the good one', async () => {
    await putSetting('hardware.tierOverride', 'mid');
    await expect(putSetting('hardware.tierOverride', { tier: 'mid', at: 5 })).rejects.toBeInstanceOf(SettingShapeError);
    expect(await getSetting('hardware.tierOverride', null)).toBe('mid');
  });
});
