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
 */
function feasibleValues(cells: Cell[], hidden: Set<string>, max: number): Map<string, Set<number>> {
	const villages = cells.filter((c) => c.code.split('.').length === 3);
	const districts = cells.filter((c) => c.code.split('.').length === 2);
	const seen = new Map<string, Set<number>>([...hidden].map((c) => [c, new Set<number>()]));
	const guess = new Map<string, number>();
	const sumOf = (prefix: string) => villages.filter((v) => v.code.startsWith(prefix + '.')).reduce((s, v) => s + guess.get(v.code)!, 0);
	const walk = (i: number) => {
		if (i === villages.length) {
			const totals = new Map<string, number>([['R', sumOf('R')], ...districts.map((d) => [d.code, sumOf(d.code)] as const)]);
			for (const c of [cells[0]!, ...districts]) if (!hidden.has(c.code) && totals.get(c.code) !== c.value) return;
			for (const [code, values] of seen) values.add(totals.get(code) ?? guess.get(code)!);
			return;
		}
		const v = villages[i]!;
		const options = hidden.has(v.code) ? Array.from({ length: max + 1 }, (_, k) => k).filter((k) => (v.value === 0 ? true : k >= 1)) : [v.value];
		for (const k of options) {
			guess.set(v.code, k);
			// Prune as soon as a published district is complete and does not add up.
			const d = districts.find((x) => v.code.startsWith(x.code + '.'))!;
			const last = villages.filter((x) => x.code.startsWith(d.code + '.')).at(-1)!.code === v.code;
			if (last && !hidden.has(d.code) && sumOf(d.code) !== d.value) continue;
			walk(i + 1);
		}
	};
	walk(0);
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
