import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral } from '../src/lib/server/db';
import { readManifest } from '../src/lib/server/snapshot/store';
import { buildDemoSnapshot } from './snapshot';

describe('demo generator at register scale', () => {
	it('generates about the requested number of households in 2025, across all ten welfare deciles, for the periods asked', async () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-dtsen-'));
		const db = await DuckDBInstance.create(':memory:');
		const c = await db.connect();
		try {
			const d = await buildDemoSnapshot(root, { scope: '64.02.13', seed: 7, households: 3000, periods: [2025] }, false);
			const m = readManifest(d);
			expect(m.periods).toEqual([2025]);
			expect(m.generator?.households).toBe(3000);
			const file = quoteLiteral(path.join(d, m.tables.households!.file));
			const r = (await c.runAndReadAll(`SELECT count(*)::INTEGER, count(DISTINCT household_id)::INTEGER, list_sort(list(DISTINCT decile::INTEGER)),
				list(DISTINCT period::INTEGER), count(DISTINCT village_code)::INTEGER FROM read_parquet(${file})`)).getRowsJS()[0]!;
			const [rows, distinct, deciles, periods, villages] = r as [number, number, number[], number[], number];
			expect(Math.abs(rows - 3000) / 3000).toBeLessThan(0.03);
			expect(distinct).toBe(rows);
			expect(deciles).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
			expect(periods).toEqual([2025]);
			const regions = quoteLiteral(path.join(d, m.tables.regions!.file));
			const all = (await c.runAndReadAll(`SELECT count(*)::INTEGER FROM read_parquet(${regions}) WHERE level = 'village' AND starts_with(code, '64.02.13.')`)).getRowsJS();
			expect(all).toEqual([[villages]]);
		} finally {
			c.closeSync();
			db.closeSync();
			fs.rmSync(root, { recursive: true, force: true });
		}
	});
});
