import type { Target, TargetInForce, TargetState } from '../../targets';

/**
 * The target in force for a region on a date. The most specific region that has adopted a target
 * for the indicator wins (a regency's own target over its province's, the province's over the
 * national one); within that region the latest adoption on or before the date is in force and the
 * one adopted before it is what it replaced. `chain` is the region code first, then its ancestors.
 */
export function targetInForce(targets: readonly Target[], chain: readonly string[], indicator: string, date: string): TargetInForce | null {
	for (const [depth, code] of chain.entries()) {
		const adopted = targets
			.filter((t) => t.region_code === code && t.indicator === indicator && t.adopted <= date)
			.sort((a, b) => a.adopted.localeCompare(b.adopted) || a.deadline.localeCompare(b.deadline));
		const target = adopted.at(-1);
		if (target) {
			return { target, replaced: adopted.at(-2) ?? null, inherited: depth > 0, expired: target.deadline < date };
		}
	}
	return null;
}

/** Every target that bears on the region for one indicator, with its state on the date, newest first. */
export function targetHistory(targets: readonly Target[], chain: readonly string[], indicator: string, date: string): (Target & { state: TargetState })[] {
	const current = targetInForce(targets, chain, indicator, date);
	return targets
		.filter((t) => t.indicator === indicator && chain.includes(t.region_code))
		.sort((a, b) => b.adopted.localeCompare(a.adopted) || chain.indexOf(a.region_code) - chain.indexOf(b.region_code))
		.map((t) => {
			let state: TargetState;
			if (t === current?.target) state = 'in_force';
			else if (t.adopted > date) state = 'not_yet_adopted';
			else if (t.region_code === current?.target.region_code) state = 'replaced';
			else state = 'overridden';
			return { ...t, state };
		});
}
