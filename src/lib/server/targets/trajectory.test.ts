import { describe, expect, it } from 'vitest';
import type { Observation, Target } from '../../targets';
import { assess, projectTrend, rankByGap, segments, sortRanking, targetOutcomes } from './trajectory';

const PPP2011 = 'USD 1,90 PPP 2011';
const PPP2017 = 'USD 2,15 PPP 2017';
const obs = (period: number, value: number, method = PPP2011, half: number | null = null): Observation => ({
	period,
	value,
	ci_lower: half === null ? null : value - half,
	ci_upper: half === null ? null : value + half,
	method,
	source: 'test'
});
const target = (value_min: number, value_max: number, deadline: string): Target => ({
	region_code: 'ID',
	indicator: 'x',
	value_min,
	value_max,
	deadline,
	basis: 'test',
	adopted: '2021-01-01'
});

// Kutai Kartanegara's demo extreme-poverty series: PPP 2011 to 2023, PPP 2017 from 2024.
const KUKAR = [obs(2021, 2.1, PPP2011, 0.35), obs(2022, 1.7, PPP2011, 0.35), obs(2023, 1.2, PPP2011, 0.35), obs(2024, 1.9, PPP2017, 0.35), obs(2025, 1.3, PPP2017, 0.35)];

describe('series breaks', () => {
	it('splits the extreme-poverty series where PPP 2011 gives way to PPP 2017', () => {
		const segs = segments(KUKAR);
		expect(segs.map((s) => s.map((o) => o.period))).toEqual([[2021, 2022, 2023], [2024, 2025]]);
	});

	it('fits the trend after the break only, so the 2023→2024 jump is not read as a rise', () => {
		const a = assess(KUKAR, target(0, 0.5, '2026-12-31'), 'higher_is_worse');
		expect(a.breaks).toEqual([2024]);
		expect(a.projection?.basedOn).toEqual([2024, 2025]);
		expect(a.projection?.slope).toBeCloseTo(-0.6, 10);
	});
});

describe('projection', () => {
	it('gives the 80% prediction interval for three points (hand computed)', () => {
		// x̄ = 2022, ȳ = 5/3, Sxx = 2, slope = −0.9/2 = −0.45; residuals −1/60, 2/60, −1/60 → s = √(1/600) = 0.040825.
		// At 2024: ŷ = 5/3 − 0.9 = 0.76667; Σw² = 1/3 + 4/2; half = t(0.9, 1) · s · √(1 + 7/3) = 3.0777 · 0.040825 · 1.82574 = 0.22940.
		const p = projectTrend([obs(2021, 2.1), obs(2022, 1.7), obs(2023, 1.2)], 2024)!;
		expect(p.band).toBe('residual');
		expect(p.points.map((q) => q.period)).toEqual([2023, 2024]);
		const end = p.points.at(-1)!;
		expect(end.value).toBeCloseTo(0.76667, 4);
		expect(end.lower).toBeCloseTo(0.76667 - 0.2294, 3);
		expect(end.upper).toBeCloseTo(0.76667 + 0.2294, 3);
	});

	it('carries the sampling error of two points with confidence intervals (hand computed)', () => {
		// σ = 0.7 / (2 · 1.96) = 0.178571 per point; at 2026 the weights are −1 (2024) and 2 (2025):
		// sd = σ · √5 = 0.399298; half = 1.2816 · 0.399298 = 0.51174; ŷ = 1.3 − 0.6 = 0.7.
		const p = projectTrend([obs(2024, 1.9, PPP2017, 0.35), obs(2025, 1.3, PPP2017, 0.35)], 2026)!;
		expect(p.band).toBe('sampling');
		const end = p.points.at(-1)!;
		expect(end.value).toBeCloseTo(0.7, 10);
		expect(end.lower).toBeCloseTo(0.18826, 4);
		expect(end.upper).toBeCloseTo(1.21174, 4);
	});

	it('has no band for two points without confidence intervals, and none at all for one point', () => {
		expect(projectTrend([obs(2021, 26.4), obs(2022, 27.1)], 2024)?.band).toBe('none');
		expect(projectTrend([obs(2022, 27.1)], 2024)).toBeNull();
	});

	it('never projects a rate below zero', () => {
		const p = projectTrend([obs(2023, 1.0), obs(2024, 0.5)], 2027)!;
		expect(p.points.map((q) => q.value)).toEqual([0.5, 0, 0, 0]);
	});
});

describe('status against a target', () => {
	it('is at risk for Kutai Kartanegara extreme poverty: projection 0.7% misses 0.5% but the band reaches it', () => {
		const a = assess(KUKAR, target(0, 0.5, '2026-12-31'), 'higher_is_worse');
		expect(a.status).toBe('at_risk');
		expect(a.goal).toBe(0.5);
		expect(a.gap).toBeCloseTo(0.8, 10);
		expect(a.requiredPerYear).toBeCloseTo(-0.8, 10);
	});

	it('is on track when the projection meets the target, off track when even the band misses it', () => {
		const falling = [obs(2022, 20), obs(2023, 18), obs(2024, 16.1), obs(2025, 14)];
		expect(assess(falling, target(14.2, 14.2, '2029-12-31'), 'higher_is_worse').status).toBe('on_track');
		// Stunting 26.4 → 27.1 against 14% by 2024: two points, no intervals, rising: off track; required (14 − 27.1)/2 a year.
		const rising = assess([obs(2021, 26.4, 'TB/U'), obs(2022, 27.1, 'TB/U')], target(14, 14, '2024-12-31'), 'higher_is_worse');
		expect(rising.status).toBe('off_track');
		expect(rising.requiredPerYear).toBeCloseTo(-6.55, 10);
	});

	it('judges by the observed value once the deadline year is observed', () => {
		const national = [obs(2021, 24.4, 'TB/U'), obs(2022, 21.6, 'TB/U'), obs(2023, 21.5, 'TB/U'), obs(2024, 19.8, 'TB/U')];
		const a = assess(national, target(14, 14, '2024-12-31'), 'higher_is_worse');
		expect(a).toMatchObject({ status: 'off_track', reason: 'deadline_passed', requiredPerYear: null, projection: null });
		expect(a.gap).toBeCloseTo(5.8, 10);
	});

	it('is unknown with a single observation, and requires no change when the target is already met', () => {
		const a = assess([obs(2024, 0.3)], target(0, 0.5, '2026-12-31'), 'higher_is_worse');
		expect(a.status).toBe('unknown');
		expect(a.requiredPerYear).toBe(0);
	});
});

describe('ranking', () => {
	it('orders districts by gap to their goal and by change since baseline, missing data last', () => {
		const rows = rankByGap(
			[
				{ code: 'a', name: 'A', goal: 0, observations: [obs(2021, 700), obs(2025, 800)] },
				{ code: 'b', name: 'B', goal: 0, observations: [obs(2021, 1200), obs(2025, 900)] },
				{ code: 'c', name: 'C', goal: 0, observations: [] }
			],
			'higher_is_worse'
		);
		expect(rows.map((r) => [r.code, r.gap, r.change])).toEqual([
			['b', 900, -300],
			['a', 800, 100],
			['c', null, null]
		]);
		expect(sortRanking(rows, 'change').map((r) => r.code)).toEqual(['a', 'b', 'c']);
	});
});

describe('outcomes of passed deadlines', () => {
	const history = [
		{ ...target(0, 0.5, '2026-12-31'), basis: 'Inpres 8/2025', adopted: '2025-01-01', state: 'in_force' as const },
		{ ...target(0, 0, '2024-12-31'), basis: 'Inpres 4/2022', adopted: '2022-06-08', state: 'replaced' as const },
		{ ...target(14, 14, '2023-12-31'), basis: 'other region', state: 'overridden' as const }
	];

	it('judges a replaced target by the figure of its deadline year and leaves targets still running and overridden ones alone', () => {
		const outcomes = targetOutcomes(history, KUKAR, 'higher_is_worse', '2025-06-01');
		expect(outcomes.map((o) => [o.target.basis, o.observed?.value, o.met])).toEqual([['Inpres 4/2022', 1.9, false]]);
	});

	it('says a target was met when the deadline-year figure reaches the goal, and cannot judge a year the source skipped', () => {
		const met = targetOutcomes(history, [...KUKAR.slice(0, 3), obs(2024, 0, PPP2017)], 'higher_is_worse', '2025-06-01');
		expect(met[0]?.met).toBe(true);
		const skipped = targetOutcomes(history, KUKAR.slice(0, 3), 'higher_is_worse', '2025-06-01');
		expect(skipped[0]).toMatchObject({ observed: null, met: null });
	});
});
