import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentSnapshot } from '../src/lib/server/snapshot/store';
import { writePartitioned } from './partition';

describe('Hive-partitioned export of the household-level tables', () => {
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-hive-'));
	afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

	it('writes one folder per province and reads back identical to the snapshot', async () => {
		const snap = currentSnapshot(path.resolve('data'));
		if (!snap) throw new Error('no published snapshot in data/: run `npm run data:demo` first');
		const tables = await writePartitioned(snap.dir, out);
		expect(tables.map((t) => t.table)).toEqual(['households', 'distributions']);
		for (const t of tables) {
			expect(t.rows).toBe(snap.manifest.tables[t.table]?.rows);
			expect(t.identical).toBe(true);
			// The demo covers Kalimantan Selatan, Kalimantan Timur and Bangka Belitung.
			expect(t.provinces).toBe(3);
		}
		expect(fs.readdirSync(path.join(out, 'households')).sort()).toEqual(['province=19', 'province=63', 'province=64']);
	}, 120_000);
});
