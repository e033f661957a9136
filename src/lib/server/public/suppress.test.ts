import { describe, expect, it } from 'vitest';
import { isSmall, suppress, type Cell } from './suppress';

/** A regency with `shape[i]` villages in district i; village values from a seeded generator. */
function tree(shape: number[], next: () => number): Cell[] {
	const villages: Cell[] = [];
	const districts: Cell[] = shape.map((n, d) => {
		const kids = Array.from({ length: n }, (_, v) => ({ code: `R.${d}.${v}`, parent: `R.${d}`, value: next() }));
		villages.push(...kids);
		return { code: `R.${d}`, parent: 'R', value: kids.reduce((s, k) => s + k.value, 0) };
	});
	return [{ code: 'R', parent: null, value: districts.reduce((s, k) => s + k.value, 0) }, ...districts, ...villages];
}

/**
 * Every value each hidden cell can take, given the published cells and that totals add up. The
 * attacker is granted that hidden cells are at least 1 unless they are truly 0, and at most `max`.
 * Exhaustive, but district by district: each district's village assignments are enumerated once,
 * and districts meet only through their sums under the regency total.
 */
function feasibleValues(cells: Cell[], hidden: Set<string>, max: number): Map<string, Set<number>> {
	const root = cells[0]!;
	const villages = cells.filter((c) => c.code.split('.').length === 3);
	const districts = cells.filter((c) => c.code.split('.').length === 2);
	const options = (c: Cell) => (hidden.has(c.code) ? Array.from({ length: max + 1 }, (_, k) => k).filter((k) => c.value === 0 || k >= 1) : [c.value]);
	const total = (a: number[]) => a.reduce((s, x) => s + x, 0);
	const perDistrict = districts.map((d) => {
		const kids = villages.filter((v) => v.code.startsWith(d.code + '.'));
		let assignments: number[][] = [[]];
		for (const k of kids) assignments = assignments.flatMap((a) => options(k).map((x) => [...a, x]));
		const ok = assignments.filter((a) => hidden.has(d.code) || total(a) === d.value);
		return { d, kids, ok, sums: [...new Set(ok.map(total))] };
	});
	/** Regency totals reachable with one sum per district, district `fixed` held at `sum`. */
	const memo = new Map<string, number[]>();
	const reachable = (fixed: number, sum: number) => {
		const key = `${fixed}|${sum}`;
		if (!memo.has(key)) {
			memo.set(key, perDistrict.reduce((acc, p, j) => (j === fixed ? acc.map((r) => r + sum) : [...new Set(acc.flatMap((r) => p.sums.map((x) => r + x)))]), [0]));
		}
		return memo.get(key)!;
	};
	const seen = new Map<string, Set<number>>([...hidden].map((c) => [c, new Set<number>()]));
	perDistrict.forEach((p, i) => {
		for (const a of p.ok) {
			const totals = reachable(i, total(a));
			if (!hidden.has(root.code) && !totals.includes(root.value)) continue;
			p.kids.forEach((k, j) => seen.get(k.code)?.add(a[j]!));
			seen.get(p.d.code)?.add(total(a));
			if (hidden.has(root.code)) for (const t of totals) seen.get(root.code)!.add(t);
		}
	});
	return seen;
}

function seeded(seed: number) {
	let s = seed;
	return () => {
		s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
		return s;
	};
}

describe('small-cell suppression', () => {
	it('hides every count from 1 to 9 and nothing that is 0 or at least 10 unless needed', () => {
		const cells = tree([3, 3], () => 20);
		cells[4]!.value = 4;
		const hidden = suppress(cells);
		for (const c of cells) if (isSmall(c.value)) expect(hidden.has(c.code)).toBe(true);
	});

	it('leaves no hidden cell recoverable from the published totals, on 300 random small regencies (exhaustive search)', () => {
		const rand = seeded(7);
		const values = [0, 0, 1, 1, 2, 3, 5, 8, 9, 10, 11, 14];
		let hiddenCells = 0;
		for (let t = 0; t < 300; t++) {
			const shape = [1 + (rand() % 3), 1 + (rand() % 3)];
			const cells = tree(shape, () => values[rand() % values.length]!);
			const hidden = suppress(cells);
			hiddenCells += hidden.size;
			const feasible = feasibleValues(cells, hidden, 16);
			for (const [code, options] of feasible) {
				const truth = cells.find((c) => c.code === code)!.value;
				expect(options.has(truth), `${code} in ${JSON.stringify(cells)}`).toBe(true);
				expect(options.size, `${code} pinned to ${truth} in ${JSON.stringify(cells)} hiding ${[...hidden]}`).toBeGreaterThan(1);
			}
		}
		expect(hiddenCells).toBeGreaterThan(300);
	});
});
