import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotDatabase } from '../db';
import { MEASURES } from '../snapshot/schema';
import { openDemoSnapshot } from '../../../../tests/snapshot';
import { CATALOGUE, findIndicator } from './catalogue';
import { indicatorPeriods, indicatorSeries, indicatorValues, listIndicators } from './query';
import { getValues } from './service';
import { messageOf, textsWrittenIn } from '../../../../tests/messages';

let db: SnapshotDatabase;
beforeAll(async () => (db = await openDemoSnapshot()));
afterAll(() => db.close());

describe('indicator catalogue', () => {
	it('has unique ids, labels in both languages, a source and a method for every entry', () => {
		expect(new Set(CATALOGUE.map((e) => e.id)).size).toBe(CATALOGUE.length);
		for (const e of CATALOGUE) {
			for (const t of [e.label, e.source, e.method]) {
				expect(t.id.length).toBeGreaterThan(3);
				expect(t.en.length).toBeGreaterThan(3);
			}
		}
	});

	it('reads every label, source and method from a Paraglide message in both languages, and writes no text of its own', () => {
		for (const e of CATALOGUE) {
			for (const [field, t] of [['label', e.label], ['source', e.source], ['method', e.method]] as const) {
				expect(messageOf(t), `${e.id} ${field}: ${t.id} / ${t.en}`).toBeDefined();
			}
		}
		expect(textsWrittenIn('src/lib/server/indicators/catalogue.ts')).toEqual([]);
		expect(textsWrittenIn('src/lib/criteria.ts')).toEqual([]);
	});

	it.each(CATALOGUE.map((e) => [e.id, e] as const))('%s runs at every level it declares', async (_id, e) => {
		const periods = await indicatorPeriods(db, e);
		expect(periods.length).toBeGreaterThan(0);
		for (const level of e.levels) {
			const parent = { country: 'ID', province: 'ID', regency: '64', district: '64.02', village: '64.02.13' }[level];
			const rows = await indicatorValues(db, e, parent, level, periods.at(-1)!);
			expect(rows.length).toBeGreaterThan(0);
			// official statistics are sparse (not every level has every year); register figures are complete
			if (e.kind === 'register') expect(rows.some((r) => r.value !== null)).toBe(true);
		}
	});

	it.each(CATALOGUE.flatMap((e) => (e.kind === 'register' ? [[e.id, e] as const] : [])))(
		'%s reads only the measures it declares (so its public claim can be judged from them)',
		async (_id, e) => {
			if (e.kind !== 'register') return;
			// Every measure filled with a different non-zero count per row (the demo leaves some, e.g. e-PPGBM children, at 0),
			// then the same rows with every undeclared measure set to NULL must give the same figures.
			const filled = `(SELECT region_code, period, ${MEASURES.map((m) => `(1 + hash(region_code, period, '${m}') % 997)::BIGINT AS ${m}`).join(', ')} FROM region_values)`;
			const only = MEASURES.map((m) => (e.measures.includes(m) ? m : `NULL::BIGINT AS ${m}`)).join(', ');
			const figures = (from: string) => db.query<{ v: number | null }>(`SELECT (${e.expr})::DOUBLE AS v FROM ${from} ORDER BY region_code, period`);
			const all = await figures(filled);
			expect(all.some((r) => r.v !== null && r.v !== 0)).toBe(true);
			expect(await figures(`(SELECT region_code, period, ${only} FROM ${filled})`)).toEqual(all);
		}
	);

	it('counts extreme-poor households per Samboja village exactly as a direct query of the household file', async () => {
		const e = findIndicator('extreme_poor_hh')!;
		const rows = await indicatorValues(db, e, '64.02.13', 'village', 2024);
		const direct = await db.query<{ code: string; n: number }>(
			`SELECT village_code AS code, count(*) FILTER (extreme_poor)::INTEGER AS n FROM households
			WHERE period = 2024 AND starts_with(village_code, '64.02.13.') GROUP BY 1`
		);
		expect(rows).toHaveLength(direct.length);
		const byCode = new Map(direct.map((d) => [d.code, d.n]));
		for (const r of rows) expect(r.value).toBe(byCode.get(r.code));
	});

	it('computes the e-PPGBM stunted share from the August round counts', async () => {
		const e = findIndicator('stunted_share_eppgbm')!;
		const [row] = (await indicatorValues(db, e, '64.02.13', 'village', 2023)).filter((r) => r.code === '64.02.13.1008');
		const [cg] = await db.query<{ s: number; m: number }>(
			`SELECT stunted::DOUBLE AS s, measured::DOUBLE AS m FROM child_growth WHERE village_code = '64.02.13.1008' AND period = 2023 AND round_month = 8`
		);
		expect(row!.value).toBeCloseTo((100 * cg!.s) / cg!.m, 10);
	});

	it('keeps survey stunting and e-PPGBM stunting as separate indicators with separate sources', () => {
		const survey = findIndicator('stunting_prevalence')!;
		const register = findIndicator('stunted_share_eppgbm')!;
		expect(survey.kind).toBe('official');
		expect(register.kind).toBe('register');
		expect(survey.source.en).not.toBe(register.source.en);
		expect(survey.levels).not.toContain('village');
	});

	it('returns the official series with its sources and marks the demo fills as synthetic', async () => {
		const points = await indicatorSeries(db, findIndicator('poverty_rate')!, '64.02');
		expect(points.map((p) => [p.period, p.value, p.synthetic])).toEqual([
			[2021, 7.99, false],
			[2022, 7.8, true],
			[2023, 7.61, false],
			[2024, 7.28, false],
			[2025, 7.05, true]
		]);
	});

	it('rejects a level the indicator does not have and a period that is not in the snapshot', async () => {
		const refused = (en: RegExp) => ({ status: 400, body: { en: expect.stringMatching(en) } });
		await expect(getValues(db, findIndicator('poverty_rate')!, '64.02', 'village', 2024)).rejects.toMatchObject(refused(/not available at level village/));
		await expect(getValues(db, findIndicator('extreme_poor_hh')!, '64.02', 'village', 1999)).rejects.toMatchObject(refused(/Period 1999/));
		await expect(getValues(db, findIndicator('extreme_poor_hh')!, '99.99', undefined, undefined)).rejects.toMatchObject(refused(/Unknown region/));
	});

	it('lists every indicator with the periods present in the snapshot', async () => {
		const list = await listIndicators(db);
		expect(list.map((i) => i.id)).toEqual(CATALOGUE.map((e) => e.id));
		expect(list.find((i) => i.id === 'extreme_poor_hh')!.periods).toEqual([2021, 2022, 2023, 2024, 2025]);
		expect(path.isAbsolute(db.dir)).toBe(true);
	});
});
