/** Types for targets and trajectories, shared by the server maths and the charts. */
import type { IndicatorDescription } from './indicators';

/** One row of the `targets` table; dates are ISO `YYYY-MM-DD`. */
export interface Target {
	region_code: string;
	indicator: string;
	value_min: number;
	value_max: number;
	deadline: string;
	basis: string;
	adopted: string;
}

export interface TargetInForce {
	target: Target;
	/** The target of the same region it superseded, if any. */
	replaced: Target | null;
	/** True when the target was set by an ancestor region (province or country), not the region itself. */
	inherited: boolean;
	/** The deadline lies before the evaluation date. */
	expired: boolean;
}

export interface Observation {
	period: number;
	value: number;
	ci_lower: number | null;
	ci_upper: number | null;
	method: string;
	source: string;
}

export interface ProjectionPoint {
	period: number;
	value: number;
	lower: number | null;
	upper: number | null;
}

export interface Projection {
	/** Observations the trend was fitted on (the latest method segment, at most five). */
	basedOn: number[];
	/** Fitted change per year. */
	slope: number;
	/** From the last observation to the deadline year, one point a year. */
	points: ProjectionPoint[];
	band: 'residual' | 'sampling' | 'none';
}

export type Status = 'on_track' | 'at_risk' | 'off_track' | 'unknown';
export type StatusReason = 'projection' | 'deadline_passed' | 'too_few_points';

export interface Assessment {
	status: Status;
	reason: StatusReason;
	/** The bound a region must reach: the upper end of the range when lower is better. */
	goal: number;
	latest: Observation | null;
	/** Latest value minus goal, signed so that positive means still short of the target. */
	gap: number | null;
	/** Change per year needed from the latest observation to reach the goal by the deadline year. */
	requiredPerYear: number | null;
	projection: Projection | null;
	/** First period of each new method segment: the line is drawn broken before it. */
	breaks: number[];
}

export const PROJECTION_LEVEL = 0.8;
export const TREND_WINDOW = 5;
/** Regions side by side on the comparison page. */
export const MAX_COMPARE = 4;

export function deadlineYear(t: Target): number {
	return Number(t.deadline.slice(0, 4));
}

export interface TrajectoryRow {
	period: number;
	observed: number | null;
	ci_lower: number | null;
	ci_upper: number | null;
	method: string | null;
	source: string | null;
	projected: number | null;
	projected_lower: number | null;
	projected_upper: number | null;
}

/** One row per year, observations and projection side by side: the chart's table view and its CSV. */
export function trajectoryRows(observations: readonly Observation[], projection: Projection | null): TrajectoryRow[] {
	const rows = new Map<number, TrajectoryRow>();
	const row = (period: number) => {
		const r = rows.get(period) ?? {
			period,
			observed: null,
			ci_lower: null,
			ci_upper: null,
			method: null,
			source: null,
			projected: null,
			projected_lower: null,
			projected_upper: null
		};
		rows.set(period, r);
		return r;
	};
	for (const o of observations) Object.assign(row(o.period), { observed: o.value, ci_lower: o.ci_lower, ci_upper: o.ci_upper, method: o.method, source: o.source });
	for (const p of projection?.points ?? []) Object.assign(row(p.period), { projected: p.value, projected_lower: p.lower, projected_upper: p.upper });
	return [...rows.values()].sort((a, b) => a.period - b.period);
}

export type TargetState = 'in_force' | 'replaced' | 'not_yet_adopted' | 'overridden';

/** How a target whose deadline has passed turned out: the observation of its deadline year against its goal. */
export interface TargetOutcome {
	target: Target;
	/** The observation of the deadline year; null when the source has none for that year. */
	observed: Observation | null;
	/** Null when there is no observation to judge by. */
	met: boolean | null;
}


/** One indicator for one region: the observed series, the target in force and how it is going. */
export interface Panel {
	indicator: IndicatorDescription;
	observations: Observation[];
	inForce: TargetInForce | null;
	history: (Target & { state: TargetState })[];
	assessment: Assessment | null;
	/** Past deadlines of the targets that applied to the region (in force or replaced), oldest first. */
	outcomes: TargetOutcome[];
}
