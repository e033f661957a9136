/**
 * Allocation maths for the simulator: pure functions, whole packages, deterministic.
 * Model: each package reaches one eligible household of its village; a village cannot use more
 * packages than it has eligible households, so the rest is counted as surplus.
 */

export const ALLOCATION_RULES = ['flat', 'eligible', 'unmet'] as const;
export type AllocationRule = (typeof ALLOCATION_RULES)[number];

export interface AllocationVillage {
	code: string;
	eligible: number;
	/** Eligible households the programme did not reach in the period (exclusion error). */
	unmet: number;
}

export class AllocationError extends Error {}

/**
 * Splits `total` whole units in proportion to `weights` by the largest-remainder method;
 * ties go to the earlier index. All-zero weights split evenly.
 */
export function largestRemainder(total: number, weights: number[]): number[] {
	const n = weights.length;
	if (n === 0 || total <= 0) return weights.map(() => 0);
	const sum = weights.reduce((s, w) => s + w, 0);
	const w = sum > 0 ? weights : weights.map(() => 1);
	const wsum = sum > 0 ? sum : n;
	const quotas = w.map((x) => (total * x) / wsum);
	const out = quotas.map(Math.floor);
	let left = total - out.reduce((s, x) => s + x, 0);
	const order = quotas.map((q, i) => ({ i, frac: q - Math.floor(q) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
	for (const { i } of order) {
		if (left <= 0) break;
		out[i]! += 1;
		left -= 1;
	}
	return out;
}

/** Packages per village under `rule`, after giving every village `minimum` first. */
export function allocate(villages: AllocationVillage[], total: number, rule: AllocationRule, minimum = 0): number[] {
	if (!Number.isInteger(total) || total < 0) throw new AllocationError('total must be a whole number ≥ 0');
	const floor = minimum * villages.length;
	if (floor > total) throw new AllocationError(`minimum ${minimum} × ${villages.length} villages exceeds ${total}`);
	const weights = villages.map((v) => (rule === 'flat' ? 1 : rule === 'eligible' ? v.eligible : v.unmet));
	return largestRemainder(total - floor, weights).map((x) => x + minimum);
}

export interface AllocationOutcome {
	allocated: number;
	/** Eligible households the packages can reach: min(allocated, eligible). */
	covered: number;
	unreached: number;
	surplus: number;
}

export function outcome(eligible: number, allocated: number): AllocationOutcome {
	const covered = Math.min(allocated, eligible);
	return { allocated, covered, unreached: eligible - covered, surplus: allocated - covered };
}

/** Whole packages a budget buys at the programme's unit value. */
export function packagesForBudget(budgetRp: number, unitValueRp: number): number {
	if (unitValueRp <= 0) throw new AllocationError('unit value must be positive');
	return Math.floor(budgetRp / unitValueRp);
}
