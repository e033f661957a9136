import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../src/lib/server/db';
import { currentSnapshotDir, readManifest } from '../src/lib/server/snapshot/store';
import { buildDemoSnapshot } from './snapshot';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-demo-'));
let conn: DuckDBConnection;
let instance: DuckDBInstance;
let dir: string;

beforeAll(async () => {
	dir = await buildDemoSnapshot(tmp, { scope: 'default', seed: 20241220 });
	instance = await DuckDBInstance.create(':memory:');
	conn = await instance.connect();
	for (const [name, t] of Object.entries(readManifest(dir).tables)) {
		await conn.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet(${quoteLiteral(path.join(dir, t.file))})`);
	}
});
afterAll(() => {
	conn.closeSync();
	instance.closeSync();
	fs.rmSync(tmp, { recursive: true, force: true });
});

async function rows(sql: string, params: (string | number)[] = []): Promise<unknown[][]> {
	return (await conn.runAndReadAll(sql, params)).getRowsJS();
}
async function one(sql: string, params: (string | number)[] = []): Promise<number> {
	return Number((await rows(sql, params))[0]?.[0]);
}
const REACHED = "status IN ('delivered', 'receipt_signed')";

describe('demo snapshot', () => {
	it('is published, flagged synthetic and lists every file with its checksum', () => {
		expect(currentSnapshotDir(tmp)).toBe(dir);
		const m = readManifest(dir);
		expect(m.synthetic).toBe(true);
		expect(m.periods).toEqual([2021, 2022, 2023, 2024, 2025]);
		for (const t of Object.values(m.tables)) {
			expect(fs.statSync(path.join(dir, t.file)).size).toBe(t.bytes);
			expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
		}
		expect(m.tables.households!.rows).toBeGreaterThan(1_000_000);
	});

	it('gives each of Kotabaru’s 202 villages exactly 100 food packages in 2024: 20,200 in all', async () => {
		const r = await rows(
			`SELECT count(*)::INTEGER, min(n)::INTEGER, max(n)::INTEGER, sum(n)::INTEGER FROM (
				SELECT village_code, count(DISTINCT household_id) AS n FROM distributions
				WHERE programme_code = 'KTB-PANGAN-2024' AND ${REACHED} GROUP BY village_code)`
		);
		expect(r[0]).toEqual([202, 100, 100, 20200]);
	});

	it('targets Kotabaru packages from P3KE, KRS and DTKS with a few reaching households on no list', async () => {
		const [eligible, inelig] = (
			await rows(
				`SELECT count(*) FILTER (h.in_p3ke OR h.in_krs OR h.in_dtks)::INTEGER, count(*) FILTER (NOT (h.in_p3ke OR h.in_krs OR h.in_dtks))::INTEGER
				FROM distributions d JOIN households h USING (household_id, period)
				WHERE d.programme_code = 'KTB-PANGAN-2024' AND d.${REACHED}`
			)
		)[0] as number[];
		expect(eligible! + inelig!).toBe(20200);
		expect(inelig! / 20200).toBeGreaterThan(0.01);
		expect(inelig! / 20200).toBeLessThan(0.2);
	});

	it('verifies 6,000 Kutai Kartanegara households against P3KE and delivers to 1,000 for Rp 3 billion', async () => {
		const r = await rows(
			`SELECT count(DISTINCT household_id)::INTEGER, count(*) FILTER (${REACHED})::INTEGER, sum(amount_rp)::BIGINT,
				count(*) FILTER (NOT h.in_p3ke)::INTEGER
			FROM distributions d JOIN households h USING (household_id, period) WHERE programme_code = 'KKR-SEMBAKO-2023'`
		);
		expect(r[0]).toEqual([6000, 1000, 3_000_000_000n, 0]);
	});

	it('verifies 15,000 Bangka families down to 1,717 extreme-poor ones paid Rp 250,000 + 3 × Rp 350,000 via PT Pos', async () => {
		const r = await rows(
			`SELECT programme_code, count(DISTINCT household_id)::INTEGER,
				count(DISTINCT household_id) FILTER (status <> 'proposed')::INTEGER, sum(amount_rp)::BIGINT
			FROM distributions WHERE programme_code LIKE 'BGK-%' GROUP BY 1 ORDER BY 1`
		);
		expect(r).toEqual([
			['BGK-PAKET-2023', 15000, 1717, 1717n * 250_000n],
			['BGK-TUNAI-2023', 15000, 1717, 1717n * 3n * 350_000n]
		]);
		expect(await one(`SELECT count(*) FROM programmes WHERE code = 'BGK-TUNAI-2023' AND channel = 'PT Pos' AND months = 3`)).toBe(1);
		expect(await one(`SELECT count(DISTINCT drop_reason) FROM distributions WHERE programme_code = 'BGK-TUNAI-2023' AND status = 'proposed'`)).toBeGreaterThan(0);
	});

	it('reaches 50 families at risk of stunting in Wonotirto and Tanjung Harapan in November and December 2025 under SK B-061', async () => {
		const r = await rows(
			`SELECT village_code, count(DISTINCT household_id)::INTEGER, min(delivered_date)::VARCHAR, max(delivered_date)::VARCHAR
			FROM distributions WHERE programme_code = 'KKR-STUNTING-2025' AND period = 2025 GROUP BY 1 ORDER BY 1`
		);
		expect(r.map(([v, n, from, to]) => [v, n, String(from).slice(0, 7), String(to).slice(0, 7)])).toEqual([
			['64.02.13.1008', 25, '2025-11', '2025-12'],
			['64.02.13.1009', 25, '2025-11', '2025-12']
		]);
		expect(await rows(`SELECT period::INTEGER, start_month::INTEGER, rounds::INTEGER, round_months::INTEGER, basis LIKE 'SK B-061/Dinsos/Linjamsos/360.2/03/2025%' FROM programmes WHERE code = 'KKR-STUNTING-2025'`)).toEqual([
			[2025, 11, 2, 1, true]
		]);
		expect(await one(`SELECT count(*) FROM programmes WHERE code LIKE 'KKR-STUNTING-2024'`)).toBe(0);
	});

	it('carries each story programme’s schedule: Bangka’s package in Q2 and cash monthly April–June, Kotabaru’s due in December', async () => {
		expect(
			await rows(
				`SELECT code, start_month::INTEGER, rounds::INTEGER, round_months::INTEGER, cash_per_round_rp::INTEGER, in_kind_per_round_rp::INTEGER, channel, funder
				FROM programmes WHERE code IN ('BGK-PAKET-2023', 'BGK-TUNAI-2023', 'KTB-PANGAN-2024', 'KKR-SEMBAKO-2023') ORDER BY code`
			)
		).toEqual([
			['BGK-PAKET-2023', 4, 1, 3, 0, 250_000, 'village', 'APBD, CSR'],
			['BGK-TUNAI-2023', 4, 3, 1, 350_000, 0, 'PT Pos', 'APBD Provinsi'],
			['KKR-SEMBAKO-2023', 11, 1, 1, 0, 3_000_000, 'village', 'APBD'],
			['KTB-PANGAN-2024', 12, 1, 1, 0, 250_000, 'village', 'APBD']
		]);
	});

	it('stores the published official figures with their sources', async () => {
		const r = await rows(
			`SELECT region_code, indicator, period::INTEGER, value, source FROM official_indicators
			WHERE NOT synthetic AND (region_code, indicator, period) IN (('64.02', 'poverty_rate', 2024), ('19.01', 'stunting_prevalence', 2023), ('ID', 'stunting_prevalence', 2024))
			ORDER BY 1, 2`
		);
		expect(r).toEqual([
			['19.01', 'stunting_prevalence', 2023, 23.2, 'SKI 2023'],
			['64.02', 'poverty_rate', 2024, 7.28, 'BPS, Susenas Maret'],
			['ID', 'stunting_prevalence', 2024, 19.8, 'SSGI 2024']
		]);
		expect(await rows(`SELECT basis, value_max FROM targets WHERE indicator = 'extreme_poverty_rate' ORDER BY adopted`)).toEqual([
			['Inpres 4/2022', 0],
			['Inpres 8/2025', 0.5]
		]);
	});

	it('makes register counts scale with village size, with kelurahan richer than desa', async () => {
		const [corr, desaShare, kelShare] = (
			await rows(
				`SELECT corr(households, poor_vulnerable_hh),
					sum(poor_vulnerable_hh) FILTER (NOT starts_with(substr(region_code, 10), '1')) / sum(households) FILTER (NOT starts_with(substr(region_code, 10), '1')),
					sum(poor_vulnerable_hh) FILTER (starts_with(substr(region_code, 10), '1')) / sum(households) FILTER (starts_with(substr(region_code, 10), '1'))
				FROM region_values WHERE level = 'village' AND period = 2024`
			)
		)[0] as number[];
		expect(corr).toBeGreaterThan(0.5);
		expect(kelShare).toBeLessThan(desaShare!);
	});

	it('rolls village figures up to district, regency, province and country without loss', async () => {
		const r = await rows(
			`SELECT level, sum(extreme_poor_hh)::INTEGER FROM region_values WHERE period = 2024 GROUP BY level ORDER BY level`
		);
		const totals = new Set(r.map((x) => x[1]));
		expect(r).toHaveLength(5);
		expect(totals.size).toBe(1);
		expect(await one(`SELECT count(*) FILTER (extreme_poor) FROM households WHERE period = 2024`)).toBe(r[0]![1]);
	});
});

describe('demo generator determinism', () => {
	it('writes byte-identical Parquet for the same seed and different bytes for another seed', async () => {
		const a = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-det-'));
		const b = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-det-'));
		const c = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-det-'));
		try {
			const hashes = async (root: string, seed: number) => {
				const d = await buildDemoSnapshot(root, { scope: '64.02.13', seed }, false);
				return Object.fromEntries(Object.entries(readManifest(d).tables).map(([k, t]) => [k, t.sha256]));
			};
			const first = await hashes(a, 7);
			expect(await hashes(b, 7)).toEqual(first);
			const other = await hashes(c, 8);
			expect(other.households).not.toBe(first.households);
			expect(other.regions).toBe(first.regions);
		} finally {
			for (const d of [a, b, c]) fs.rmSync(d, { recursive: true, force: true });
		}
	});
});
