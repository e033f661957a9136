import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotDatabase } from '../db';
import { openDemoSnapshot } from '../../../../tests/snapshot';
import { searchRegions } from './query';

let db: SnapshotDatabase;
beforeAll(async () => (db = await openDemoSnapshot()));
afterAll(() => db.close());

describe('region search', () => {
	it('names the district and regency of each village found, so villages of the same name can be told apart', async () => {
		const hits = (await searchRegions(db, 'Wonotirto', 50)).filter((r) => r.level === 'village' && r.name.toLowerCase() === 'wonotirto');
		expect(hits.length).toBeGreaterThan(1);
		// Each hit says where it lies, and no two say the same.
		expect(hits.every((h) => h.within !== null && h.within.includes(', '))).toBe(true);
		expect(new Set(hits.map((h) => h.within)).size).toBe(hits.length);
		const samboja = hits.find((h) => h.code.startsWith('64.02.13.'));
		expect(samboja?.within).toMatch(/Samboja, .*Kutai Kartanegara/i);
	});

	it('gives a province no surrounding names', async () => {
		const [hit] = await searchRegions(db, '64', 1);
		expect(hit).toMatchObject({ code: '64', within: null });
	});
});
