/**
 * A live uPlot chart (STYLE "Charts"): created once, then streamed with `setData` on columnar
 * arrays copied from ring buffers. The redraw interval and the number of points drawn come from the
 * current UI quality level (SPEC §3.3), read on every tick so a level change applies at once.
 * The chart stops redrawing while the tab is hidden and resumes when it is shown again.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RingBuffer } from '../../monitor/ring-buffer';
import { uiQuality } from '../../optimize/ui-quality.svelte';

export interface LiveSeries {
  label: string;
  /** Samples aligned with the chart's time buffer (same push order and count). */
  buffer: RingBuffer;
  stroke: string;
  /** Scale key; series sharing one key share the y axis (default 'y'). */
  scale?: string;
}

export interface LiveChartOptions {
  /** Sample times, epoch ms, pushed in step with every series' buffer. */
  time: RingBuffer;
  series: LiveSeries[];
  height?: number;
  /** Fixed y range so uPlot does not rescan the data on every redraw; omitted = auto. */
  yRange?: [number, number];
  /** Unit shown on the y axis and in the legend. */
  unit?: string;
}

export class LiveChart {
  private readonly plot: uPlot;
  private readonly columns: Float64Array[];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly resize: ResizeObserver;
  private readonly onVisibility = () => (document.hidden ? this.stopTimer() : this.schedule(0));
  /** How many redraws happened (for the benchmark and tests). */
  redraws = 0;

  constructor(
    private readonly target: HTMLElement,
    private readonly options: LiveChartOptions,
  ) {
    const capacity = options.time.capacity;
    this.columns = [new Float64Array(capacity), ...options.series.map(() => new Float64Array(capacity))];
    const unit = options.unit ?? '';
    const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : `${v.toFixed(1)}${unit ? ` ${unit}` : ''}`);
    this.plot = new uPlot(
      {
        width: Math.max(200, target.clientWidth),
        height: options.height ?? 160,
        scales: {
          x: { time: true },
          y: options.yRange ? { range: options.yRange } : { auto: true },
        },
        axes: [
          { stroke: '#9aa0b2', grid: { stroke: '#2d3140' }, ticks: { stroke: '#2d3140' } },
          { stroke: '#9aa0b2', grid: { stroke: '#2d3140' }, ticks: { stroke: '#2d3140' }, size: 50 },
        ],
        cursor: { drag: { x: false, y: false } },
        series: [{}, ...options.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5, scale: s.scale ?? 'y', value: (_u: uPlot, v: number | null) => fmt(v) }))],
      },
      [[], ...options.series.map(() => [])],
      target,
    );
    this.resize = new ResizeObserver(() => this.plot.setSize({ width: Math.max(200, target.clientWidth), height: options.height ?? 160 }));
    this.resize.observe(target);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.schedule(0);
  }

  /** Copies the newest points into the preallocated columns and redraws once. */
  draw(): void {
    const points = uiQuality.settings.chartPoints;
    const n = this.options.time.copyLatest(this.columns[0], points);
    const xs = this.columns[0].subarray(0, n);
    for (let i = 0; i < n; i++) xs[i] /= 1000; // uPlot's time scale is in seconds
    const data: (Float64Array | (number | null)[])[] = [xs];
    this.options.series.forEach((s, i) => {
      s.buffer.copyLatest(this.columns[i + 1], points);
      data.push(this.columns[i + 1].subarray(0, n));
    });
    this.plot.setData(data as unknown as uPlot.AlignedData, true);
    this.redraws++;
    this.target.dataset.redraws = String(this.redraws); // lets tests see that drawing paused
  }

  private schedule(delayMs: number): void {
    this.stopTimer();
    if (typeof document !== 'undefined' && document.hidden) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.draw();
      this.schedule(uiQuality.settings.chartRefreshMs);
    }, delayMs);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  destroy(): void {
    this.stopTimer();
    this.resize.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.plot.destroy();
    this.target.replaceChildren();
  }
}
