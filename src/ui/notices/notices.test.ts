import { describe, expect, it } from 'vitest';
import { notices } from './notices.svelte';

describe('notices', () => {
  it('shows a background failure once, counts repeats, keeps the last five, and dismisses', () => {
    notices.report('Saving a measured speed', new Error('QuotaExceededError'));
    notices.report('Saving a measured speed', new Error('QuotaExceededError'));
    expect(notices.items).toHaveLength(1);
    expect(notices.items[0]).toMatchObject({ what: 'Saving a measured speed', count: 2 });
    for (let i = 0; i < 7; i++) notices.report(`Step ${i}`, 'failed');
    expect(notices.items).toHaveLength(5);
    expect(notices.items.at(-1)?.what).toBe('Step 6');
    notices.dismiss(notices.items[0].id);
    expect(notices.items).toHaveLength(4);
  });
});
