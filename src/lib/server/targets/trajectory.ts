import {
	PROJECTION_LEVEL,
	TREND_WINDOW,
	deadlineYear,
	type Assessment,
	type Observation,
	type Projection,
	type Target,
	type TargetOutcome,
	type TargetState
} from '../../targets';

export type Direction = 'higher_is_worse' | 'higher_is_better';

/** Splits a series wherever the method changes: values on either side of a break are not comparable. */
export function segments<O extends Observation>(obs: readonly O[]): O[][] {
	const out: O[][] = [];
	for (const o of [...obs].sort((a, b) => a.period - b.period)) {
		const last = out.at(-1);
		if (last && last.at(-1)!.method === o.method) last.push(o);
		else out.push([o]);
	}
	return out;
}

// Two-sided 80% quantiles: Student t for 1–3 degrees of freedom (a five-point window leaves at most 3), normal for the sampling band.
const T80 = [3.0777, 1.8856, 1.6377];
const Z80 = 1.2816;
const Z95 = 1.96;

/**
 * Least-squares line through the latest `TREND_WINDOW` observations, extended one point a year to
 * `toYear`. With three or more points the band is the 80% prediction interval from the residuals;
 * with two it is the sampling error carried over from the observations' 95% confidence intervals
 * (none when the source gives none). `floor` clamps rates that cannot go below zero.
 */
export function projectTrend(obs: readonly Observation[], toYear: number, floor: number | null = 0): Projection | null {
	const pts = obs.slice(-TREND_WINDOW);
	const n = pts.length;
	if (n < 2 || toYear < pts.at(-1)!.period) return null;
	if (PROJECTION_LEVEL !== 0.8 || n - 2 > T80.length) throw new Error('quantile table does not cover this window');
	const xm = pts.reduce((s, p) => s + p.period, 0) / n;
	const ym = pts.reduce((s, p) => s + p.value, 0) / n;
	const sxx = pts.reduce((s, p) => s + (p.period - xm) ** 2, 0);
	const slope = pts.reduce((s, p) => s + (p.period - xm) * (p.value - ym), 0) / sxx;
	const fit = (x: number) => ym + slope * (x - xm);
	const ssr = pts.reduce((s, p) => s + (p.value - fit(p.period)) ** 2, 0);
	const sampling = pts.every((p) => p.ci_lower !== null && p.ci_upper !== null);
	const band = n >= 3 ? 'residual' : sampling ? 'sampling' : 'none';
	const clamp = (v: number) => (floor === null ? v : Math.max(floor, v));

	const halfWidth = (x0: number): number | null => {
		// Weights of each observation in the fitted value at x0: fit(x0) = Σ w_i y_i.
		const w = pts.map((p) => 1 / n + ((x0 - xm) * (p.period - xm)) / sxx);
		const sumW2 = w.reduce((s, v) => s + v * v, 0);
		if (band === 'residual') return T80[n - 3]! * Math.sqrt((ssr / (n - 2)) * (1 + sumW2));
		if (band === 'sampling') {
			const variance = pts.reduce((s, p, i) => s + (w[i]! * (p.ci_upper! - p.ci_lower!)) ** 2 / (2 * Z95) ** 2, 0);
			return Z80 * Math.sqrt(variance);
		}
		return null;
	};

	const points = [];
	for (let x = pts.at(-1)!.period; x <= toYear; x++) {
		const v = fit(x);
		const h = halfWidth(x);
		points.push({ period: x, value: clamp(v), lower: h === null ? null : clamp(v - h), upper: h === null ? null : clamp(v + h) });
	}
	return { basedOn: pts.map((p) => p.period), slope, points, band };
}

const EPS = 1e-9;

const goalOf = (target: Target, direction: Direction) => (direction === 'higher_is_worse' ? target.value_max : target.value_min);
const meetsGoal = (value: number, goal: number, direction: Direction) => (direction === 'higher_is_worse' ? 1 : -1) * (value - goal) <= EPS;

/**
 * Each target that applied to the region (in force, or replaced by a later adoption) whose deadline lies before
 * `date`, judged by the observation of its deadline year: a replaced target is still met or missed, not just replaced.
 * Targets of other regions that the region's own overrode never applied, so they have no outcome here.
 */
export function targetOutcomes(
	history: readonly (Target & { state: TargetState })[],
	observations: readonly Observation[],
	direction: Direction,
	date: string
): TargetOutcome[] {
	return history
		.filter((h) => (h.state === 'in_force' || h.state === 'replaced') && h.deadline < date)
		.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.adopted.localeCompare(b.adopted))
		.map(({ state: _state, ...target }) => {
			const observed = observations.find((o) => o.period === deadlineYear(target)) ?? null;
			return { target, observed, met: observed ? meetsGoal(observed.value, goalOf(target, direction), direction) : null };
		});
}

/**
 * Status against a target. On track: the trend's value at the deadline meets the target. At risk:
 * it misses, but the favourable end of the uncertainty band still meets it. Off track: even that
 * end misses. Once the deadline year has an observation, that observation decides (met or missed).
 * Only the latest method segment is used, so a series break never bends the trend.
 */
export function assess(obs: readonly Observation[], target: Target, direction: Direction): Assessment {
	const segs = segments(obs);
	const current = segs.at(-1) ?? [];
	const breaks = segs.slice(1).map((s) => s[0]!.period);
	const goal = goalOf(target, direction);
	const sign = direction === 'higher_is_worse' ? 1 : -1;
	const meets = (v: number) => meetsGoal(v, goal, direction);
	const latest = current.at(-1) ?? null;
	const base = { goal, latest, breaks, gap: latest ? sign * (latest.value - goal) : null };
	const year = deadlineYear(target);
	if (!latest) return { ...base, status: 'unknown', reason: 'too_few_points', requiredPerYear: null, projection: null };
	if (latest.period >= year) {
		const atDeadline = current.find((o) => o.period === year) ?? latest;
		return { ...base, status: meets(atDeadline.value) ? 'on_track' : 'off_track', reason: 'deadline_passed', requiredPerYear: null, projection: null };
	}
	const requiredPerYear = meets(latest.value) ? 0 : (goal - latest.value) / (year - latest.period);
	const projection = projectTrend(current, year);
	const end = projection?.points.at(-1);
	if (!projection || !end) return { ...base, status: 'unknown', reason: 'too_few_points', requiredPerYear, projection: null };
	const favourable = (sign > 0 ? end.lower : end.upper) ?? end.value;
	const status = meets(end.value) ? 'on_track' : meets(favourable) ? 'at_risk' : 'off_track';
	return { ...base, status, reason: 'projection', requiredPerYear, projection };
}

/** A rate with the counts it is made of (register shares: extreme-poor and registered households). */
export type CountedObservation = Observation & { part?: number | null; whole?: number | null };

export interface RankInput {
	code: string;
	name: string;
	observations: CountedObservation[];
	goal: number;
}

export interface RankRow {
	code: string;
	name: string;
	latest: number | null;
	latestPeriod: number | null;
	baseline: number | null;
	baselinePeriod: number | null;
	/** Latest minus baseline, within the latest method segment. */
	change: number | null;
	/** Positive: still short of the goal by this much. */
	gap: number | null;
	goal: number;
	/** The counts behind the latest rate, when it is a register share. */
	counts: { part: number; whole: number } | null;
	series: { period: number; value: number }[];
}

/** Ranks regions by gap to their goal (largest first), regions without data last. */
export function rankByGap(items: readonly RankInput[], direction: Direction): RankRow[] {
	const sign = direction === 'higher_is_worse' ? 1 : -1;
	const rows = items.map((it): RankRow => {
		const seg = segments(it.observations).at(-1) ?? [];
		const first = seg[0];
		const last = seg.at(-1);
		return {
			code: it.code,
			name: it.name,
			latest: last?.value ?? null,
			latestPeriod: last?.period ?? null,
			baseline: first?.value ?? null,
			baselinePeriod: first?.period ?? null,
			change: first && last ? last.value - first.value : null,
			gap: last ? sign * (last.value - it.goal) : null,
			goal: it.goal,
			counts: last?.part != null && last.whole != null ? { part: last.part, whole: last.whole } : null,
			series: seg.map((o) => ({ period: o.period, value: o.value }))
		};
	});
	return sortRanking(rows, 'gap');
}

/** Largest gap first, or for `change` the worst change first (a rise when higher is worse). */
export function sortRanking(rows: readonly RankRow[], key: 'gap' | 'change', direction: Direction = 'higher_is_worse'): RankRow[] {
	const sign = key === 'change' && direction === 'higher_is_better' ? -1 : 1;
	return [...rows].sort((a, b) => {
		const x = a[key];
		const y = b[key];
		if (x === null || y === null) return x === y ? a.code.localeCompare(b.code) : x === null ? 1 : -1;
		return sign * (y - x) || a.code.localeCompare(b.code);
	});
}
