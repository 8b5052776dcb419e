import { describe, expect, it } from 'vitest';
import { GgufParseError, parseGgufHeader } from './gguf-header';
import { validateGguf } from './model-cache';

/** A GGUF v3 header: one u32 `general.alignment` and one F32 tensor of 4096 × 4096 (64 MiB of data, none present). */
function withAlignment(alignment: number): ArrayBuffer {
  const out: number[] = [];
  const put = (bytes: number, set: (v: DataView) => void) => { const v = new DataView(new ArrayBuffer(bytes)); set(v); out.push(...new Uint8Array(v.buffer)); };
  const u32 = (n: number) => put(4, (v) => v.setUint32(0, n, true));
  const u64 = (n: number) => put(8, (v) => v.setBigUint64(0, BigInt(n), true));
  const str = (s: string) => { u64(s.length); out.push(...new TextEncoder().encode(s)); };
  u32(0x46554747); u32(3); u64(1); u64(1);
  str('general.alignment'); u32(4); u32(alignment);
  str('w'); u32(2); u64(4096); u64(4096); u32(0); u64(0);
  return new Uint8Array(out).buffer;
}

describe('general.alignment', () => {
  it('a power of 2 places the data; anything else is a damaged header, not NaN offsets that let a truncated file through', async () => {
    expect(parseGgufHeader(withAlignment(64))).toMatchObject({ alignment: 64, dataOffset: 128, minFileBytes: 128 + 4096 * 4096 * 4 });
    for (const bad of [0, 3, 48]) expect(() => parseGgufHeader(withAlignment(bad))).toThrow(GgufParseError);
    await expect(validateGguf(new Blob([withAlignment(0)]), 'x.gguf')).rejects.toMatchObject({ name: 'ModelCorruptError', message: expect.stringMatching(/alignment 0 is not a power of 2/) });
  });
});

describe('arrays of arrays', () => {
  it("are a damaged header in words, not the stack running out (100,000 levels deep)", async () => {
    const out: number[] = [];
    const put = (bytes: number, set: (v: DataView) => void) => { const v = new DataView(new ArrayBuffer(bytes)); set(v); out.push(...new Uint8Array(v.buffer)); };
    const u32 = (n: number) => put(4, (v) => v.setUint32(0, n, true));
    const u64 = (n: number) => put(8, (v) => v.setBigUint64(0, BigInt(n), true));
    u32(0x46554747); u32(3); u64(0); u64(1);
    u64(1); out.push(97); u32(9); // key "a", an array…
    for (let i = 0; i < 100_000; i++) { u32(9); u64(1); } // …of arrays of arrays …
    u32(0); u64(0);
    const file = new Uint8Array(out).buffer;
    expect(() => parseGgufHeader(file)).toThrow(GgufParseError);
    await expect(validateGguf(new Blob([file]), 'x.gguf')).rejects.toMatchObject({ name: 'ModelCorruptError', message: expect.stringContaining('an array of arrays') });
  });
});
