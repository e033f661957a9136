import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageQuery, coverageRows, listProgrammes, regionTotals } from '../coverage/query';
import { withRates, type CoverageCounts } from '../coverage/metrics';
import { CATALOGUE } from '../indicators/catalogue';
import { indicatorValueColumns, valueColumnQuery } from '../indicators/query';
import { currentSnapshotDir, readManifest } from '../snapshot/store';
import { isValid } from './columns';
import { SnapshotDatabase } from './database';
import { levelOfCode, spanQuery } from './spans';

const TABLES = ['regions', 'region_values', 'programmes', 'programme_coverage'];
/** Rows written in an order unrelated to any key (the same every run). */
const SHUFFLED: Record<string, string> = { regions: 'md5(code)', region_values: 'md5(region_code || period)', programme_coverage: 'md5(programme_code || region_code)' };
/** And one region_values row in sixteen left out: those regions have no values (null). */
const LEFT_OUT: Record<string, string> = { region_values: "WHERE NOT starts_with(md5(region_code || period), '0')" };

const FUNNEL = `SELECT ${['listed', 'verified', 'passed', 'delivered', 'signed', 'eligible', 'reached', 'reached_eligible', 'amount_rp', 'verval_checked', 'verval_eligible', 'verval_rejected'].map((k) => `${k}::DOUBLE AS ${k}`).join(', ')}
	FROM programme_coverage WHERE programme_code = $1 AND region_code = $2`;
const WITH_DATA = `SELECT p.code FROM programmes p WHERE EXISTS (SELECT 1 FROM programme_coverage c WHERE c.programme_code = p.code
	AND c.region_code = $1 AND c.eligible + coalesce(c.listed, c.verified, c.passed, c.delivered) > 0) ORDER BY p.period DESC, p.code`;

/**
 * A regency's or a district's answers read from the rows' spans, against the same questions asked of the
 * whole table in SQL: on the demo snapshot as written (rows in key order) and on a copy whose tables are
 * shuffled, where a span holds other keys' rows that must be left out (and some values rows are missing).
 */
describe('answers read from spans', () => {
	let root: string;
	let sorted: SnapshotDatabase;
	let shuffled: SnapshotDatabase;
	beforeAll(async () => {
		const source = currentSnapshotDir(path.resolve('data'));
		if (!source) throw new Error('no demo snapshot: run `npm run data:demo` first');
		const manifest = readManifest(source);
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-spans-'));
		const instance = await DuckDBInstance.create(':memory:');
		const conn = await instance.connect();
		for (const t of TABLES) {
			const [from, to] = [path.join(source, manifest.tables[t]!.file), path.join(root, manifest.tables[t]!.file)];
			if (SHUFFLED[t]) await conn.run(`COPY (SELECT * FROM read_parquet('${from}') ${LEFT_OUT[t] ?? ''} ORDER BY ${SHUFFLED[t]}) TO '${to}' (FORMAT parquet)`);
			else fs.copyFileSync(from, to);
		}
		conn.closeSync();
		instance.closeSync();
		fs.writeFileSync(path.join(root, 'manifest.json'), JSON.stringify({ ...manifest, answers: undefined, tables: Object.fromEntries(TABLES.map((t) => [t, manifest.tables[t]!])) }));
		sorted = await SnapshotDatabase.open(source, TABLES);
		shuffled = await SnapshotDatabase.open(root, TABLES);
	});
	afterAll(() => {
		sorted?.close();
		shuffled?.close();
		if (root) fs.rmSync(root, { recursive: true, force: true });
	});

	const regions = ['64.02', '63.02', '63.02.01', '64.02.05'];

	it('reads a regency its own rows only, when the table is in key order', async () => {
		const rows = await sorted.query<{ n: bigint }>("SELECT count(*) AS n FROM programme_coverage WHERE level = 'village'");
		const programme = (await listProgrammes(sorted, '64.02'))[0]!.code;
		const q = await spanQuery(sorted, 'programme_coverage', `${programme}|village|64.02`, 'region_code');
		const span = await sorted.count(q!.sql, q!.params);
		const own = (await coverageRows(sorted, programme, '64.02', 'village')).length;
		expect(own).toBeGreaterThan(100);
		expect(span).toBe(own);
		expect(span).toBeLessThan(Number(rows[0]!.n) / 4);
	});

	it('gives the coverage rows, totals and programme lists the whole-table queries give', async () => {
		let compared = 0;
		for (const db of [sorted, shuffled]) {
			for (const region of regions) {
				const expected = (await sorted.query<{ code: string }>(WITH_DATA, [region])).map((p) => p.code);
				expect((await listProgrammes(db, region)).map((p) => p.code)).toEqual(expected);
				for (const programme of expected.slice(0, 4)) {
					expect(await regionTotals(db, programme, region)).toEqual((await sorted.query(FUNNEL, [programme, region]))[0] ?? null);
					for (const level of ['district', 'village'] as const) {
						if (levelOfCode(region) === 'district' && level === 'district') continue;
						const q = coverageQuery(programme, region, level);
						const today = (await sorted.query<CoverageCounts & Record<string, unknown>>(q.sql, q.params)).map(withRates);
						expect(await coverageRows(db, programme, region, level)).toEqual(today);
						compared += today.length;
					}
				}
			}
		}
		expect(compared).toBeGreaterThan(2000);
	});

	it('gives the values the values query gives, nulls where a region has no row', async () => {
		const periods = (await sorted.query<{ p: number }>('SELECT DISTINCT period::INTEGER AS p FROM region_values ORDER BY 1')).map((r) => r.p);
		let nulls = 0;
		for (const db of [sorted, shuffled]) {
			for (const e of CATALOGUE.filter((c) => c.kind === 'register')) {
				for (const region of regions) {
					for (const period of periods.slice(-2)) {
						const level = levelOfCode(region) === 'district' ? 'village' : 'district';
						const q = valueColumnQuery(e, region, level, period);
						const today = (await db.query<{ value: number | null }>(q.sql, q.params)).map((r) => r.value);
						const got = await indicatorValueColumns(db, e, region, level, period);
						const values = Array.from(got.regions.codes, (_, i) => (isValid(got.value, i) ? got.value.values[i] : null));
						expect(values).toEqual(today);
						nulls += today.filter((v) => v === null).length;
					}
				}
			}
		}
		expect(nulls).toBeGreaterThan(0);
	});
});
