import { describe, expect, it } from 'vitest';
import { soloSpeedText } from './calibration';

describe('solo speed as the member card says it', () => {
  it('says noisy when the runs spread past 10 % or only one run counted', () => {
    expect(soloSpeedText(41, 0.18)).toBe('41.0 tok/s (noisy: CV 18 %)');
    expect(soloSpeedText(41.26, 0.1)).toBe('41.3 tok/s (CV 10 %)');
    expect(soloSpeedText(41, 0.101)).toBe('41.0 tok/s (noisy: CV 10 %)');
    expect(soloSpeedText(88, null)).toBe('88.0 tok/s (noisy: one run)');
    expect(soloSpeedText(null, null)).toBe('not measured');
  });
});
