import { describe, expect, it } from 'vitest';
import { SETTING_SCHEMAS } from './setting';
import { TIER_OVERRIDE_KEY, VRAM_GPU_KEY, VRAM_KEY } from '../../hardware/persist';
import { WEBLLM_BASE_URL_SETTING } from '../../council/model-registry';

describe('setting schemas', () => {
  it('cover the keys their owners write', () => {
    for (const key of [TIER_OVERRIDE_KEY, VRAM_KEY, VRAM_GPU_KEY, WEBLLM_BASE_URL_SETTING]) expect(Object.keys(SETTING_SCHEMAS)).toContain(key);
  });
});
