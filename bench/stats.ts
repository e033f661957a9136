/** Latency samples summarised the way the targets are stated: milliseconds at p50 and p95. */
export interface Latency {
	n: number;
	p50: number;
	p95: number;
	mean: number;
	max: number;
}

/** Nearest-rank percentile of sorted samples (p in 0–100). */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) throw new Error('no samples');
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarise(samples: readonly number[]): Latency {
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		n: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
		max: sorted.at(-1) as number
	};
}

export interface Runs {
	warmup: number;
	iterations: number;
}

/** Runs `fn` sequentially: warm-up calls are discarded, then each call's wall time is one sample. */
export function measure(fn: () => Promise<unknown>, runs: Runs): Promise<Latency> {
	return measureOwn(async () => {
		const t0 = performance.now();
		await fn();
		return performance.now() - t0;
	}, runs);
}

/** For calls that time themselves (the HTTP client stops its clock at the last byte, before inflating). */
export async function measureOwn(fn: () => Promise<number>, { warmup, iterations }: Runs): Promise<Latency> {
	for (let i = 0; i < warmup; i++) await fn();
	const samples: number[] = [];
	for (let i = 0; i < iterations; i++) samples.push(await fn());
	return summarise(samples);
}

export type Verdict = 'PASS' | 'MISS';

/** A measured figure next to the bound it is held to. */
export interface Check {
	value: number;
	limit: number;
	verdict: Verdict;
}

export function atMost(value: number, limit: number): Check {
	return { value, limit, verdict: value <= limit ? 'PASS' : 'MISS' };
}

export function atLeast(value: number, limit: number): Check {
	return { value, limit, verdict: value >= limit ? 'PASS' : 'MISS' };
}
