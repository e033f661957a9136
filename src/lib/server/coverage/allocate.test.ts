import { describe, expect, it } from 'vitest';
import { AllocationError, allocate, largestRemainder, outcome, packagesForBudget } from './allocate';

const villages = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `v${i}`, eligible: 50 + i, unmet: i % 7 }));

describe('allocation maths', () => {
	it('flat rule gives 100 packages to each of 202 villages for 20,200 packages', () => {
		const a = allocate(villages(202), 20_200, 'flat');
		expect(a).toHaveLength(202);
		expect(new Set(a)).toEqual(new Set([100]));
		expect(a.reduce((s, x) => s + x, 0)).toBe(20_200);
	});

	it('splits by largest remainder: 10 over weights 1:2:3 gives 2, 3, 5', () => {
		// quotas 1.67, 3.33, 5.00 → floors 1, 3, 5 and the one left over goes to the largest fraction (0.67)
		expect(largestRemainder(10, [1, 2, 3])).toEqual([2, 3, 5]);
	});

	it('breaks ties towards the earlier village and splits evenly when every weight is zero', () => {
		expect(largestRemainder(5, [1, 1])).toEqual([3, 2]);
		expect(largestRemainder(4, [0, 0, 0])).toEqual([2, 1, 1]);
	});

	it('gives every village the minimum first, then the rest in proportion to unmet need', () => {
		const v = [
			{ code: 'a', eligible: 100, unmet: 0 },
			{ code: 'b', eligible: 100, unmet: 30 },
			{ code: 'c', eligible: 100, unmet: 10 }
		];
		// 3 × 10 first, then 40 split 0 : 30 : 10 → 0, 30, 10
		expect(allocate(v, 70, 'unmet', 10)).toEqual([10, 40, 20]);
		expect(allocate(v, 70, 'eligible')).toEqual([24, 23, 23]);
	});

	it('refuses a minimum the total cannot cover', () => {
		expect(() => allocate(villages(3), 5, 'flat', 2)).toThrow(AllocationError);
	});

	it('counts packages beyond the eligible households as surplus', () => {
		expect(outcome(80, 100)).toEqual({ allocated: 100, covered: 80, unreached: 0, surplus: 20 });
		expect(outcome(130, 100)).toEqual({ allocated: 100, covered: 100, unreached: 30, surplus: 0 });
	});

	it('buys 1,000 packages of Rp 3,000,000 with Rp 3 billion', () => {
		expect(packagesForBudget(3_000_000_000, 3_000_000)).toBe(1000);
		expect(packagesForBudget(2_999_999, 3_000_000)).toBe(0);
	});
});
