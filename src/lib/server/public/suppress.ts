/**
 * Small-cell suppression over one hierarchy of counts (regency → districts → villages), where every
 * parent equals the sum of its children.
 *
 * Primary: counts 1–9 are hidden. Complementary: within every parent group,
 *  - a published parent has either no hidden child or at least two, and the hidden children are
 *    not all ones (their sum would pin each of them to 1);
 *  - a hidden parent has at least one hidden child, or the children would add up to it.
 * Under these rules every hidden cell lies on a direction (+1 here, −1 on a hidden sibling, passed
 * down through hidden children) that keeps every published total, so no hidden cell can be solved
 * for. `protectedCells` is checked against an exhaustive search in `suppress.test.ts`.
 */
export interface Cell {
	code: string;
	parent: string | null;
	value: number;
}

export const isSmall = (v: number) => v >= 1 && v <= 9;

/** Codes of the cells to hide. Cells whose parent is not in the list are roots (no published total above). */
export function suppress(cells: readonly Cell[]): Set<string> {
	const byCode = new Map(cells.map((c) => [c.code, c]));
	const children = new Map<string, Cell[]>();
	for (const c of cells) {
		if (c.parent !== null && byCode.has(c.parent)) {
			const list = children.get(c.parent) ?? [];
			list.push(c);
			children.set(c.parent, list);
		}
	}
	const hidden = new Set(cells.filter((c) => isSmall(c.value)).map((c) => c.code));
	/** The published child that costs least to hide: the smallest positive count, then any. */
	const cheapest = (kids: Cell[]) =>
		kids.filter((k) => !hidden.has(k.code)).sort((a, b) => (a.value > 0 ? 0 : 1) - (b.value > 0 ? 0 : 1) || a.value - b.value || a.code.localeCompare(b.code))[0];

	let changed = true;
	while (changed) {
		changed = false;
		for (const [parentCode, kids] of children) {
			const hiddenKids = kids.filter((k) => hidden.has(k.code));
			const parentHidden = hidden.has(parentCode);
			const allOnes = hiddenKids.length >= 2 && hiddenKids.every((k) => k.value <= 1);
			const exposed = parentHidden ? hiddenKids.length === 0 : hiddenKids.length === 1 || allOnes;
			if (!exposed) continue;
			const next = cheapest(kids);
			if (next) hidden.add(next.code);
			else hidden.add(parentCode);
			changed = true;
		}
	}
	return hidden;
}
