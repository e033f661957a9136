import { beforeAll, expect, it } from 'vitest';
import { getDatabase, type SnapshotDatabase } from '../db';
import { coverageQuery, coverageRows, listProgrammes } from './query';
import { withRates, type CoverageCounts } from './metrics';

let db: SnapshotDatabase;
beforeAll(async () => {
	db = await getDatabase();
});

it('reads the coverage table as columns into the same rows, names and nulls as the row reader', async () => {
	let compared = 0;
	for (const region of ['ID', '64.02', '63.02.01']) {
		for (const p of (await listProgrammes(db, region)).slice(0, 3)) {
			for (const level of ['district', 'village'] as const) {
				const q = coverageQuery(p.code, region, level);
				const today = (await db.query<CoverageCounts & Record<string, unknown>>(q.sql, q.params)).map(withRates);
				expect(await coverageRows(db, p.code, region, level)).toEqual(today);
				compared += today.length;
			}
		}
	}
	expect(compared).toBeGreaterThan(1000);
});
