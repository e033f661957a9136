import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openBuildDatabase } from '../snapshot/build';

let db: { conn: DuckDBConnection; close: () => void };
beforeAll(async () => {
	db = await openBuildDatabase();
});
afterAll(() => db.close());

async function scalar(sql: string, params: string[] = []): Promise<number> {
	const r = await db.conn.runAndReadAll(sql, params);
	return Number(r.getRows()[0]?.[0]);
}

describe('region master from idn-area-data', () => {
	it('holds the package’s real counts per level', async () => {
		const r = await db.conn.runAndReadAll('SELECT level, count(*)::INTEGER FROM regions GROUP BY level');
		expect(Object.fromEntries(r.getRows())).toEqual({
			country: 1,
			province: 38,
			regency: 514,
			district: 7285,
			village: 83762
		});
	});

	it.each([
		['63.02', 'Kabupaten Kotabaru', 22, 202],
		['64.02', 'Kabupaten Kutai Kartanegara', 20, 237],
		['19.01', 'Kabupaten Bangka', 8, 81]
	])('%s %s has %i districts and %i villages', async (code, name, districts, villages) => {
		const named = await db.conn.runAndReadAll('SELECT name FROM regions WHERE code = $1', [code]);
		expect(named.getRows()[0]?.[0]).toBe(name);
		expect(await scalar("SELECT count(*) FROM regions WHERE level = 'district' AND parent_code = $1", [code])).toBe(districts);
		expect(await scalar("SELECT count(*) FROM regions WHERE level = 'village' AND starts_with(code, $1 || '.')", [code])).toBe(villages);
	});

	it('tells desa from kelurahan by the first digit of the village number', async () => {
		const r = await db.conn.runAndReadAll(
			"SELECT code, kind FROM regions WHERE code IN ('64.02.13.1008', '64.02.13.2019') ORDER BY code"
		);
		expect(r.getRows()).toEqual([
			['64.02.13.1008', 'kelurahan'],
			['64.02.13.2019', 'desa']
		]);
	});

	it('links every region to an existing parent and leaves it valid with no end date', async () => {
		expect(
			await scalar(
				"SELECT count(*) FROM regions c LEFT JOIN regions p ON p.code = c.parent_code WHERE c.level <> 'country' AND p.code IS NULL"
			)
		).toBe(0);
		expect(await scalar('SELECT count(*) FROM regions WHERE valid_to IS NOT NULL OR valid_from IS NULL')).toBe(0);
	});
});
