/**
 * Small-cell suppression over a forest of counts in which every parent equals the sum of its
 * children (country → province → regency → district → village, for one measure and period). Cell
 * `i` has parent `parent[i]`, or −1 at a root (no published total above it).
 *
 * Primary: counts 1–9 are hidden. Zeros are always published, so every hidden cell is at least 1,
 * and an attacker who knows the rule knows that too.
 *
 * What the published cells tell. From a published cell p, walk down through hidden cells only: the
 * hidden cells met are p's *group*. The group's hidden leaves (cells without children) are its only
 * free unknowns, because each hidden cell above them equals its published children plus its hidden
 * ones. After subtracting every published cell met on the way, the totals fix exactly one number per
 * group: `sum`, the total of its hidden leaves. Groups are disjoint, so any leaf values ≥ 1 that keep
 * each group's `sum` reproduce every published cell, and nothing else about the hidden cells follows
 * (the constraint matrix of a tree is totally unimodular: this is also what a linear or integer
 * program over all published cells finds). Under a hidden root, the leaves are not bounded above.
 *
 * Complementary rule, for every group:
 *  1. a hidden cell with children has a hidden child (else it is the sum of published cells);
 *  2. a published cell with a hidden child has at least two (else that child is the rest);
 *  3. `sum` ≥ 10: every sum of hidden cells that the totals fix is at least one group's `sum`, so no
 *     combination of published totals reveals a count or a sum of counts from 1 to 9;
 *  4. `sum` exceeds the number of hidden leaves (else each leaf is pinned at 1).
 * Then every hidden cell can move by one, against a hidden leaf of another branch of its group, and
 * keep every published total: none is recoverable. `suppress.test.ts` attacks the result with an
 * integer program, by differencing across levels, and by exhaustive search.
 *
 * Complements are chosen per group, bottom-up: the fewest additional cells, then the smallest counts
 * (zeros never, as hiding a zero protects nothing once hidden cells are known to be positive).
 */
export const isSmall = (v: number) => v >= 1 && v <= 9;

const MIN_GROUP_SUM = 10;

interface GroupState {
	/** Hidden children of the group's published top. */
	hiddenKids: number;
	/** Total and number of the group's hidden leaves. */
	sum: number;
	leaves: number;
}

/** Cells a complement would hide (the first is the candidate, the rest a chain down to a leaf) and what it adds to a group. */
interface Option {
	cells: number[];
	sum: number;
	leaves: number;
	lost: number;
}

const safe = (g: GroupState) => g.hiddenKids >= 2 && g.sum >= MIN_GROUP_SUM && g.sum > g.leaves;

/**
 * Indices of the cells to hide, as flags. `parent` must describe a forest (no cycles); `value` holds
 * non-negative integer counts that add up along it.
 */
export function suppress(parent: ArrayLike<number>, value: ArrayLike<number>): Uint8Array {
	const n = value.length;
	const childCount = new Int32Array(n + 1);
	for (let i = 0; i < n; i++) if (parent[i]! >= 0) childCount[parent[i]! + 1]!++;
	const firstChild = childCount;
	for (let i = 0; i < n; i++) firstChild[i + 1]! += firstChild[i]!;
	const children = new Int32Array(firstChild[n]!);
	const fill = firstChild.slice(0, n);
	for (let i = 0; i < n; i++) if (parent[i]! >= 0) children[fill[parent[i]!]!++] = i;
	const kids = (i: number) => children.subarray(firstChild[i]!, firstChild[i + 1]!);
	const isLeaf = (i: number) => firstChild[i] === firstChild[i + 1];

	const hidden = new Uint8Array(n);
	for (let i = 0; i < n; i++) if (isSmall(value[i]!)) hidden[i] = 1;

	/** The group below published cell p: its state and the published positive cells that hang from it. */
	function group(p: number): GroupState & { frontier: number[] } {
		const g = { hiddenKids: 0, sum: 0, leaves: 0, frontier: [] as number[] };
		const stack = [p];
		while (stack.length > 0) {
			const i = stack.pop()!;
			for (const k of kids(i)) {
				if (!hidden[k]) {
					if (value[k]! > 0) g.frontier.push(k);
					continue;
				}
				if (i === p) g.hiddenKids++;
				if (isLeaf(k)) {
					g.sum += value[k]!;
					g.leaves++;
				} else stack.push(k);
			}
		}
		return g;
	}

	/** Hiding published cell q: itself if it is a leaf or tops a group of its own, else with a chain down to one. */
	function option(q: number, better: (a: Option, b: Option) => boolean): Option {
		if (isLeaf(q)) return { cells: [q], sum: value[q]!, leaves: 1, lost: value[q]! };
		const own = group(q);
		if (own.hiddenKids > 0) return { cells: [q], sum: own.sum, leaves: own.leaves, lost: value[q]! };
		const under = (o: Option): Option => ({ ...o, cells: [q, ...o.cells], lost: value[q]! + o.lost });
		return under(choose(own.frontier, (a, b) => better(under(a), under(b)))!);
	}

	function choose(candidates: Iterable<number>, better: (a: Option, b: Option) => boolean): Option | undefined {
		let best: Option | undefined;
		for (const q of candidates) {
			const o = option(q, better);
			if (!best || better(o, best)) best = o;
		}
		return best;
	}

	/** Fewer cells first; among equals, less hidden (the candidates come in code order, so ties keep the first). */
	const cheaper = (a: Option, b: Option) => a.cells.length < b.cells.length || (a.cells.length === b.cells.length && a.lost < b.lost);

	/** Compared by the state they leave the group in: safe first, then cheaper; if neither is safe, the larger sum. */
	const forGroup = (g: GroupState, direct: (q: number) => boolean) => {
		const after = (o: Option): GroupState => ({ hiddenKids: g.hiddenKids + (direct(o.cells[0]!) ? 1 : 0), sum: g.sum + o.sum, leaves: g.leaves + o.leaves });
		return (a: Option, b: Option) => {
			const [sa, sb] = [after(a), after(b)];
			if (safe(sa) !== safe(sb)) return safe(sa);
			if (safe(sa) || a.cells.length !== b.cells.length) return cheaper(a, b);
			return sa.sum > sb.sum;
		};
	};

	const hide = (o: Option) => {
		for (const c of o.cells) hidden[c] = 1;
	};

	// Children before parents: a group is settled once every group below it is.
	const order: number[] = [];
	const stack: number[] = [];
	for (let i = 0; i < n; i++) if (parent[i]! < 0) stack.push(i);
	while (stack.length > 0) {
		const i = stack.pop()!;
		order.push(i);
		for (const k of kids(i)) stack.push(k);
	}

	for (let at = order.length - 1; at >= 0; at--) {
		const p = order[at]!;
		if (isLeaf(p)) continue;
		if (hidden[p]) {
			// Rule 1: a hidden total needs a hidden child; its group is settled further up.
			if (!kids(p).some((k) => hidden[k] === 1)) hide(choose(kids(p).filter((k) => value[k]! > 0), cheaper)!);
			continue;
		}
		if (!kids(p).some((k) => hidden[k] === 1)) continue;
		let g = group(p);
		while (g.hiddenKids > 0 && !safe(g)) {
			const direct = (q: number) => parent[q] === p;
			const candidates = g.hiddenKids < 2 ? g.frontier.filter(direct) : g.frontier;
			const best = choose(candidates, forGroup(g, direct));
			if (!best) {
				// Nothing left to hide below: the total itself joins the group above.
				hidden[p] = 1;
				break;
			}
			hide(best);
			g = group(p);
		}
	}
	return hidden;
}
