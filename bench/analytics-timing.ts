/** Latency figures of a list of timings (milliseconds), rounded to a tenth. */
export interface Latency { p50: number; p95: number; max: number; mean: number }

const tenth = (value: number) => Math.round(value * 10) / 10;

/** Nearest-rank percentiles: p95 of 50 runs is the 48th fastest. */
export function latency(ms: number[]): Latency {
  if (ms.length === 0) return { p50: 0, p95: 0, max: 0, mean: 0 };
  const sorted = [...ms].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: tenth(rank(0.5)), p95: tenth(rank(0.95)), max: tenth(sorted.at(-1)!), mean: tenth(sorted.reduce((s, v) => s + v, 0) / sorted.length) };
}

/** Runs `work` `warmup` times unmeasured, then `runs` times one after another; returns each run's milliseconds. */
export async function timeRuns(work: () => Promise<unknown>, runs: number, warmup: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return ms;
}
