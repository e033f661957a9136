import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../config';
import { quoteLiteral } from '../db';
import { idnAreaDataDir } from '../regions/master';
import { currentSnapshotDir } from '../snapshot/store';
import { buildPublicTables, PUBLIC_MEASURES, RIGHTS_MEASURES } from './build';
import { isSmall, suppress } from './suppress';

interface Cell {
	code: string;
	parent: string | null;
	value: number;
}

/** Codes of the cells `suppress` hides. */
function hiddenCodes(cells: readonly Cell[]): Set<string> {
	const at = new Map(cells.map((c, i) => [c.code, i]));
	const flags = suppress(
		cells.map((c) => (c.parent === null ? -1 : (at.get(c.parent) ?? -1))),
		cells.map((c) => c.value)
	);
	return new Set(cells.filter((_, i) => flags[i] === 1).map((c) => c.code));
}

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

/** Mulberry32: a seeded uniform generator on [0, 1). */
function uniform(seed: number) {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

function seeded(seed: number) {
	let s = seed;
	return () => {
		s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
		return s;
	};
}

/**
 * A published table as an attacker sees it: a forest (`parent[i]`, −1 at a root) and each cell's
 * published value, null where hidden. `truth` only checks the attacker's own arithmetic.
 */
interface Published {
	parent: ArrayLike<number>;
	shown: (number | null)[];
	truth: ArrayLike<number>;
}

interface Findings {
	hiddenCells: number;
	/** Sums of hidden cells that the attack worked out. */
	groups: number;
	/** Hidden cells pinned to one value, and sums of hidden cells pinned to 1–9. */
	recovered: string[];
}

const parentsOf = (cells: readonly Cell[]) => cells.map((c) => cells.findIndex((p) => p.code === c.parent));

function childLists(parent: ArrayLike<number>): number[][] {
	const kids: number[][] = Array.from({ length: parent.length }, () => []);
	for (let i = 0; i < parent.length; i++) if (parent[i]! >= 0) kids[parent[i]!]!.push(i);
	return kids;
}

/**
 * The differencing attack. One level: every published total minus its published children gives the
 * sum of its hidden children (the cell itself when only one is hidden), and a hidden total whose
 * children are all published is their sum. Across levels: from every published total, walk down
 * through hidden cells, subtracting every published cell met; what is left is the sum of the hidden
 * cells at the bottom of the walk.
 */
function difference(t: Published): Findings {
	const kids = childLists(t.parent);
	const f: Findings = { hiddenCells: t.shown.filter((v) => v === null).length, groups: 0, recovered: [] };
	const truthOf = (cells: number[]) => cells.reduce((s, c) => s + t.truth[c]!, 0);
	const found = (what: string, cells: number[], value: number) => {
		expect(value, `${what} ${cells}`).toBe(truthOf(cells));
		f.groups++;
		if (cells.length === 1 || isSmall(value)) f.recovered.push(`${what} [${cells}] = ${value}`);
	};
	kids.forEach((children, p) => {
		if (children.length === 0) return;
		if (t.shown[p] === null) {
			if (children.every((k) => t.shown[k] !== null)) f.recovered.push(`hidden total ${p} = sum of its published children`);
			return;
		}
		const w = walk(t, kids, p);
		if (w.hiddenKids.length === 0) return;
		found('one level below', w.hiddenKids, children.reduce((s, k) => s - (t.shown[k] ?? 0), t.shown[p]!));
		if (w.bottom.join() !== w.hiddenKids.join()) found('levels below', w.bottom, w.rest);
	});
	return f;
}

/**
 * From published total p down through hidden cells: its hidden children, the hidden cells at the
 * bottom of the walk (no hidden child), and p minus every published cell met (their sum).
 */
function walk(t: Published, kids: number[][], p: number) {
	const hiddenKids = kids[p]!.filter((k) => t.shown[k] === null);
	const bottom: number[] = [];
	let rest = t.shown[p]!;
	const stack = [p];
	while (stack.length > 0) {
		const h = stack.pop()!;
		const below = kids[h]!.filter((k) => t.shown[k] === null);
		if (h !== p && below.length === 0) {
			bottom.push(h);
			continue;
		}
		for (const k of kids[h]!) rest -= t.shown[k] ?? 0;
		stack.push(...below.toReversed());
	}
	return { hiddenKids, bottom: bottom.sort((a, b) => a - b), rest };
}

type Highs = Awaited<ReturnType<typeof loadHighs>>;

/**
 * The strongest attack on the additive structure. Hidden cells tied together by totals form a
 * component; for each, an integer program over every published total around it finds the least and
 * the greatest value that each hidden cell, each set of hidden siblings and each walk's bottom can
 * take. The attacker knows the rule: zeros are published, so every hidden cell is at least 1.
 * `every` > 1 attacks one component in `every` (seeded), for tables too large to attack whole.
 */
function bound(t: Published, highs: Highs, every = 1): Findings & { programs: number; components: number; attacked: number } {
	const kids = childLists(t.parent);
	const n = t.shown.length;
	const root = Int32Array.from({ length: n }, (_, i) => i);
	const find = (i: number): number => (root[i] === i ? i : (root[i] = find(root[i]!)));
	kids.forEach((children, q) => {
		const members = [q, ...children].filter((c) => t.shown[c] === null);
		for (const m of members.slice(1)) root[find(m)] = find(members[0]!);
	});
	const components = new Map<number, number[]>();
	for (let i = 0; i < n; i++) {
		if (t.shown[i] !== null) continue;
		const list = components.get(find(i)) ?? [];
		list.push(i);
		components.set(find(i), list);
	}

	const f = { hiddenCells: t.shown.filter((v) => v === null).length, groups: 0, recovered: [] as string[], programs: 0, components: components.size, attacked: 0 };
	const pick = uniform(11);
	for (const cells of components.values()) {
		if (pick() * every >= 1) continue;
		f.attacked++;
		const col = new Map(cells.map((c, j) => [c, j]));
		const families = [...new Set(cells.flatMap((c) => [t.parent[c]!, ...(kids[c]!.length > 0 ? [c] : [])]).filter((q) => q >= 0))];
		const rows = families.map((q) => {
			const entries: [number, number][] = kids[q]!.filter((k) => col.has(k)).map((k) => [col.get(k)!, 1]);
			if (col.has(q)) entries.push([col.get(q)!, -1]);
			return { entries, rhs: kids[q]!.reduce((s, k) => s - (t.shown[k] ?? 0), t.shown[q] ?? 0) };
		});
		const starts = [0];
		for (const r of rows) starts.push(starts.at(-1)! + r.entries.length);
		const model = highs.createModel({
			numCols: cells.length,
			numRows: rows.length,
			colCost: new Float64Array(cells.length),
			colLower: new Float64Array(cells.length).fill(1),
			colUpper: new Float64Array(cells.length).fill(highs.infinity),
			rowLower: rows.map((r) => r.rhs),
			rowUpper: rows.map((r) => r.rhs),
			matrix: { format: 'csr', numRows: rows.length, numCols: cells.length, starts, indices: rows.flatMap((r) => r.entries.map((e) => e[0])), values: rows.flatMap((r) => r.entries.map((e) => e[1])) },
			integrality: cells.map(() => highs.constants.variableType.integer)
		});
		try {
			model.options.set({ output_flag: false });
			const range = (set: number[]) => {
				const cost = new Float64Array(cells.length);
				for (const c of set) cost[col.get(c)!] = 1;
				model.changeColsCost({ kind: 'range', from: 0, to: cells.length - 1 }, cost);
				const [lo, hi] = [highs.constants.objectiveSense.minimize, highs.constants.objectiveSense.maximize].map((sense) => {
					model.changeObjectiveSense(sense);
					model.run();
					f.programs++;
					const status = model.getModelStatus();
					// Maximising, presolve may say only "unbounded or infeasible"; the minimum just found proves it feasible.
					const unbounded = status === highs.constants.modelStatus.unbounded || (sense === highs.constants.objectiveSense.maximize && status === highs.constants.modelStatus.unboundedOrInfeasible);
					if (unbounded) return Infinity;
					expect(status, `component of ${cells}`).toBe(highs.constants.modelStatus.optimal);
					return Math.round(model.getObjectiveValue());
				});
				const truth = set.reduce((s, c) => s + t.truth[c]!, 0);
				expect(truth, `[${set}] in [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo!);
				expect(truth, `[${set}] in [${lo}, ${hi}]`).toBeLessThanOrEqual(hi!);
				return [lo!, hi!] as const;
			};
			for (const c of cells) {
				const [lo, hi] = range([c]);
				if (lo === hi) f.recovered.push(`cell ${c} pinned to ${lo}`);
			}
			const sets = new Map<string, number[]>();
			for (const q of families) {
				const siblings = kids[q]!.filter((k) => col.has(k));
				if (siblings.length > 1) sets.set(siblings.join(), siblings);
				if (t.shown[q] === null) continue;
				const { bottom } = walk(t, kids, q);
				sets.set(bottom.join(), bottom);
			}
			for (const set of sets.values()) {
				if (set.length < 2) continue;
				const [lo, hi] = range(set);
				f.groups++;
				if (lo === hi && isSmall(lo)) f.recovered.push(`sum of [${set}] pinned to ${lo}`);
			}
		} finally {
			model.dispose();
		}
	}
	return f;
}

/** The true counts of the published measures, one row per region × period × measure (× programme). */
const TRUTH = `
	SELECT region_code, period::INTEGER AS period, '' AS programme_code, measure, value::DOUBLE AS value
	FROM (UNPIVOT (SELECT region_code, period, ${PUBLIC_MEASURES.join(', ')} FROM region_values) ON ${PUBLIC_MEASURES.join(', ')} INTO NAME measure VALUE value)
	UNION ALL SELECT region_code, period::INTEGER, programme_code, 'reached', reached::DOUBLE FROM programme_coverage
	UNION ALL SELECT region_code, period::INTEGER, programme_code, measure, value::DOUBLE
	FROM (UNPIVOT (SELECT x.region_code, x.period, x.programme_code, c.reached_eligible, ${RIGHTS_MEASURES.filter((m) => m !== 'reached_eligible').map((m) => `x.${m}`).join(', ')}
		FROM programme_rights x JOIN programme_coverage c USING (programme_code, period, region_code) WHERE x.level IN ('regency', 'district'))
		ON ${RIGHTS_MEASURES.join(', ')} INTO NAME measure VALUE value)`;

/**
 * The demo snapshot's public table, built afresh by `buildPublicTables` from its register and
 * programme figures, as one forest over every measure, programme and period.
 */
async function demoPublicTable(): Promise<Published & { amountsHiddenWithCounts: boolean; buildMs: number }> {
	const dir = currentSnapshotDir(dataDir())!;
	const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
	const conn = await instance.connect();
	try {
		for (const table of ['region_values', 'programme_coverage', 'programme_rights']) {
			await conn.run(`CREATE TABLE ${table} AS SELECT * FROM read_parquet(${quoteLiteral(path.join(dir, `${table}.parquet`))})`);
		}
		const started = performance.now();
		await buildPublicTables(conn);
		const buildMs = performance.now() - started;
		const rows = (
			await conn.runAndReadAll(`
				SELECT p.measure || '|' || p.programme_code || '|' || p.period AS tree, p.region_code, p.parent_code, p.value::DOUBLE AS shown, t.value AS truth
				FROM public_region_values p JOIN (${TRUTH}) t ON t.region_code = p.region_code AND t.period = p.period AND t.programme_code = p.programme_code AND t.measure = p.measure
				ORDER BY ALL`)
		).getRowObjectsJS() as { tree: string; region_code: string; parent_code: string | null; shown: number | null; truth: number }[];
		const at = new Map(rows.map((r, i) => [`${r.tree}|${r.region_code}`, i]));
		const amounts = await conn.runAndReadAll(`
			SELECT count(*)::INTEGER FROM public_region_values a JOIN public_region_values r USING (region_code, period, programme_code)
			WHERE a.measure = 'amount_rp' AND r.measure = 'reached' AND (a.value IS NULL) <> (r.value IS NULL)`);
		return {
			parent: rows.map((r) => at.get(`${r.tree}|${r.parent_code}`) ?? -1),
			shown: rows.map((r) => r.shown),
			truth: rows.map((r) => r.truth),
			amountsHiddenWithCounts: amounts.getRows()[0]![0] === 0,
			buildMs
		};
	} finally {
		conn.closeSync();
		instance.closeSync();
	}
}

/**
 * A national-size table: the real tree of idn-area-data (country, 38 provinces, 514 regencies,
 * 7,285 districts, 83,762 villages), village counts drawn by `draw` from a seeded generator and
 * added up the tree, then suppressed.
 */
function nationalTable(seed: number, draw: (random: () => number, regency: number) => number): Published & { suppressMs: number } {
	const dir = idnAreaDataDir();
	const lines = (name: string) => fs.readFileSync(path.join(dir, `${name}.csv`), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
	const codes = ['ID'];
	const parentCodes = [''];
	for (const [name, parentOf] of [['provinces', () => 'ID'], ['regencies', (l: string[]) => l[1]!], ['districts', (l: string[]) => l[1]!], ['villages', (l: string[]) => l[1]!]] as const) {
		for (const l of lines(name)) {
			codes.push(l[0]!);
			parentCodes.push(parentOf(l));
		}
	}
	const at = new Map(codes.map((c, i) => [c, i]));
	const parent = parentCodes.map((c) => at.get(c) ?? -1);
	const random = uniform(seed);
	const truth = new Float64Array(codes.length);
	const villageStart = codes.length - lines('villages').length;
	for (let i = codes.length - 1; i > 0; i--) {
		if (i >= villageStart) truth[i] = draw(random, parent[parent[i]!]!);
		truth[parent[i]!]! += truth[i]!;
	}
	const started = performance.now();
	const hidden = suppress(parent, truth);
	const suppressMs = performance.now() - started;
	return { parent, truth, shown: Array.from(truth, (v, i) => (hidden[i] ? null : v)), suppressMs };
}

/** Village counts like the registers': many small ones (stunted children), larger ones (poor households), and programmes present in some regencies only. */
const NATIONAL_MEASURES = {
	stunted: (random: () => number) => Math.floor(-Math.log(1 - random()) * 3),
	extreme_poor: (random: () => number) => Math.floor(-Math.log(1 - random()) * 14),
	reached: (random: () => number, regency: number) => ((regency * 2_654_435_761) % 7 < 2 ? Math.floor(-Math.log(1 - random()) * 8) : 0)
};

describe('small-cell suppression', () => {
	it('publishes every zero and every count from 10, and hides every count from 1 to 9', () => {
		const cells = tree([3, 3], () => 20);
		cells[4]!.value = 4;
		cells[5]!.value = 0;
		const hidden = hiddenCodes(cells);
		for (const c of cells) {
			if (isSmall(c.value)) expect(hidden.has(c.code), c.code).toBe(true);
			if (c.value === 0) expect(hidden.has(c.code), c.code).toBe(false);
		}
	});

	it('hides a third village when the two hidden ones would add up to a small count (70 − 62 = 4 + 4)', () => {
		const cells: Cell[] = [
			{ code: 'D', parent: null, value: 70 },
			...[4, 4, 12, 14, 36].map((value, i) => ({ code: `D.${i}`, parent: 'D', value }))
		];
		expect([...hiddenCodes(cells)].sort()).toEqual(['D.0', 'D.1', 'D.2']);
	});

	it('hides more when a regency total less a district reveals that hidden villages of two districts add up to 7', () => {
		// Kept as it was, the regency (100) less district 2 (65) leaves 35 for districts 0 and 1; district 1
		// less its published village (28) leaves villages 0.0, 0.1 and 1.1 with 2 + 3 + 2 = 7.
		const values = [100, 5, 30, 65, 2, 3, 28, 2, 30, 35];
		const cells = tree([2, 2, 2], () => 0).map((c, i) => ({ ...c, value: values[i]! }));
		const hidden = hiddenCodes(cells);
		const published = { parent: parentsOf(cells), shown: cells.map((c) => (hidden.has(c.code) ? null : c.value)), truth: values };
		expect(difference(published).recovered).toEqual([]);
		expect(hidden.size).toBe(6);
	});

	it('leaves no hidden cell recoverable from the published totals, on 300 random small regencies (exhaustive search)', () => {
		const rand = seeded(7);
		const values = [0, 0, 1, 1, 2, 3, 5, 8, 9, 10, 11, 14];
		let hiddenCells = 0;
		for (let t = 0; t < 300; t++) {
			const shape = [1 + (rand() % 3), 1 + (rand() % 3)];
			const cells = tree(shape, () => values[rand() % values.length]!);
			const hidden = hiddenCodes(cells);
			hiddenCells += hidden.size;
			const feasible = feasibleValues(cells, hidden, 30);
			for (const [code, options] of feasible) {
				const truth = cells.find((c) => c.code === code)!.value;
				expect(options.has(truth), `${code} in ${JSON.stringify(cells)}`).toBe(true);
				expect(options.size, `${code} pinned to ${truth} in ${JSON.stringify(cells)} hiding ${[...hidden]}`).toBeGreaterThan(1);
			}
		}
		expect(hiddenCells).toBeGreaterThan(300);
	});
});

describe('the differencing attack on the public tables', () => {
	const highs = loadHighs();

	it('recovers no hidden count and no sum of hidden counts from 1 to 9 in the demo public table', async () => {
		const table = await demoPublicTable();
		expect(table.amountsHiddenWithCounts).toBe(true);
		table.shown.forEach((v, i) => expect(v === null && table.truth[i] === 0, `zero hidden at ${i}`).toBe(false));
		const differenced = difference(table);
		const bounded = bound(table, await highs);
		console.log(
			`demo: ${differenced.hiddenCells} hidden of ${table.shown.length} cells (build ${Math.round(table.buildMs)} ms); ` +
				`differencing: ${differenced.groups} sums, ${differenced.recovered.length} recovered; ` +
				`integer programs: ${bounded.attacked} of ${bounded.components} components, ${bounded.groups} sums and ${bounded.hiddenCells} cells bounded (${bounded.programs} programs), ${bounded.recovered.length} recovered`
		);
		expect(differenced.recovered).toEqual([]);
		expect(bounded.recovered).toEqual([]);
		expect(differenced.groups).toBeGreaterThan(400);
	});

	for (const [measure, draw] of Object.entries(NATIONAL_MEASURES)) {
		it(`recovers nothing either from a national-size table of ${measure} (83,762 villages, five levels)`, async () => {
			const table = nationalTable(20_241_220, draw);
			const differenced = difference(table);
			const bounded = bound(table, await highs, 10);
			console.log(
				`national ${measure}: ${differenced.hiddenCells} hidden of ${table.shown.length} cells (suppress ${Math.round(table.suppressMs)} ms); ` +
					`differencing: ${differenced.groups} sums, ${differenced.recovered.length} recovered; ` +
					`integer programs: ${bounded.attacked} of ${bounded.components} components, ${bounded.groups} sums (${bounded.programs} programs), ${bounded.recovered.length} recovered`
			);
			expect(differenced.recovered.slice(0, 20)).toEqual([]);
			expect(bounded.recovered.slice(0, 20)).toEqual([]);
			expect(differenced.hiddenCells).toBeGreaterThan(1000);
		});
	}
});
