/**
 * A fixed-size ring of float64 samples (seed "Metrics Collector"): pushing never allocates, the
 * oldest sample is overwritten. `copyLatest` fills a caller-owned array, so charts can stream
 * columnar data without per-sample garbage.
 */
export class RingBuffer {
  readonly capacity: number;
  private readonly data: Float64Array;
  private head = 0; // index of the next write
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.data = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    this.data[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** The i-th most recent sample (0 = newest); NaN when out of range. */
  latest(i = 0): number {
    if (i < 0 || i >= this.count) return NaN;
    return this.data[(this.head - 1 - i + this.capacity * 2) % this.capacity];
  }

  /** Copies the newest `n` samples, oldest first, into `out` (from index 0); returns how many. */
  copyLatest(out: Float64Array | number[], n = this.count): number {
    const k = Math.min(n, this.count, out.length);
    const start = (this.head - k + this.capacity) % this.capacity;
    for (let j = 0; j < k; j++) out[j] = this.data[(start + j) % this.capacity];
    return k;
  }

  /** Mean of the newest `n` finite samples (NaN counts as a gap); NaN when none. */
  meanLatest(n: number): number {
    let sum = 0;
    let used = 0;
    const k = Math.min(n, this.count);
    for (let i = 0; i < k; i++) {
      const v = this.latest(i);
      if (Number.isFinite(v)) {
        sum += v;
        used++;
      }
    }
    return used === 0 ? NaN : sum / used;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
