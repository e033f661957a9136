import { describe, expect, it } from 'vitest';
import { filterCoverage, withRates, type CoverageRow } from './metrics';

const row = (code: string, name: string, eligible: number, reached: number, reachedEligible: number): CoverageRow =>
	withRates({ code, name, district_code: code.slice(0, 8), district_name: `D ${code.slice(0, 8)}`, eligible, reached, reached_eligible: reachedEligible, amount_rp: reached * 250_000 });

describe('coverage rates', () => {
	it('computes coverage, exclusion and inclusion errors from counts', () => {
		const r = row('63.02.01.2001', 'Sungup', 200, 100, 90);
		expect(r.coverage_pct).toBe(45);
		expect(r.exclusion).toBe(110);
		expect(r.exclusion_pct).toBe(55);
		expect(r.inclusion).toBe(10);
		expect(r.inclusion_pct).toBe(10);
		expect(r.rp_per_eligible).toBe(125_000);
	});

	it('leaves rates empty when nobody is eligible or reached', () => {
		const r = row('63.02.01.2002', 'Kosong', 0, 0, 0);
		expect([r.coverage_pct, r.exclusion_pct, r.inclusion_pct, r.rp_per_eligible]).toEqual([null, null, null, null]);
	});

	const rows = [
		row('63.02.01.2001', 'Alpha', 200, 100, 90),
		row('63.02.01.2002', 'Beta', 300, 100, 100),
		row('63.02.02.2001', 'Gamma', 100, 100, 95),
		row('63.02.02.2002', 'Delta', 0, 0, 0)
	];

	it('picks the villages with the largest unmet need first', () => {
		const top = filterCoverage(rows, { sort: 'exclusion', dir: 'desc', top: 2 });
		expect(top.map((r) => [r.name, r.exclusion])).toEqual([
			['Beta', 200],
			['Alpha', 110]
		]);
	});

	it('filters by district, name and coverage thresholds, and sorts empty rates last', () => {
		expect(filterCoverage(rows, { district: '63.02.02', sort: 'coverage_pct', dir: 'asc' }).map((r) => r.name)).toEqual(['Gamma', 'Delta']);
		expect(filterCoverage(rows, { q: 'alp', sort: 'code', dir: 'asc' }).map((r) => r.name)).toEqual(['Alpha']);
		expect(filterCoverage(rows, { minCoverage: 40, maxCoverage: 50, sort: 'code', dir: 'asc' }).map((r) => r.name)).toEqual(['Alpha']);
		expect(filterCoverage(rows, { minUnmet: 150, sort: 'code', dir: 'asc' }).map((r) => r.name)).toEqual(['Beta']);
	});
});
