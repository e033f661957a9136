import { describe, expect, it } from 'vitest';
import { atLeast, atMost, measure, percentile, summarise } from './stats';

describe('bench statistics', () => {
	it('takes nearest-rank percentiles, so p95 of 1..100 ms is 95 ms', () => {
		const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(sorted, 50)).toBe(50);
		expect(percentile(sorted, 95)).toBe(95);
		expect(percentile([7], 95)).toBe(7);
		expect(() => percentile([], 50)).toThrow();
	});

	it('summarises unsorted samples', () => {
		expect(summarise([30, 10, 20, 40])).toEqual({ n: 4, p50: 20, p95: 40, mean: 25, max: 40 });
	});

	it('times only the calls after the warm-up', async () => {
		let calls = 0;
		const latency = await measure(async () => calls++, { warmup: 3, iterations: 5 });
		expect(calls).toBe(8);
		expect(latency.n).toBe(5);
	});

	it('marks a figure on its target as PASS and beyond it as MISS', () => {
		expect(atMost(10, 10).verdict).toBe('PASS');
		expect(atMost(10.1, 10).verdict).toBe('MISS');
		expect(atLeast(10_000_000, 10_000_000).verdict).toBe('PASS');
		expect(atLeast(9_999_999, 10_000_000).verdict).toBe('MISS');
	});
});
