import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotDatabase } from '../db';
import { loadOverview } from './service';

let db: SnapshotDatabase;

beforeAll(async () => {
	db = await SnapshotDatabase.open(path.resolve('data/current'));
});
afterAll(() => db?.close());

describe('overview on the demo snapshot', () => {
	it('shows Inpres 8/2025 in force for Kutai Kartanegara in mid-2025, replacing Inpres 4/2022, with a break in 2024', async () => {
		const o = (await loadOverview(db, '64.02', '2025-06-01', 'gap'))!;
		const extreme = o.panels.find((p) => p.indicator.id === 'extreme_poverty_rate')!;
		expect(extreme.inForce?.target.basis).toBe('Inpres 8/2025');
		expect(extreme.inForce?.replaced?.basis).toBe('Inpres 4/2022');
		expect(extreme.inForce?.inherited).toBe(true);
		expect(extreme.assessment?.breaks).toEqual([2024]);
		expect(extreme.assessment?.status).toBe('at_risk');
		expect(o.panels.map((p) => p.indicator.id)).toEqual(['poverty_rate', 'extreme_poverty_rate', 'stunting_prevalence']);
	});

	it("puts a region's own targets before national ones: Kutai Kartanegara's revised stunting target, Kalimantan Timur's poverty target", async () => {
		const o = (await loadOverview(db, '64.02', '2025-06-01', 'gap'))!;
		const stunting = o.panels.find((p) => p.indicator.id === 'stunting_prevalence')!;
		expect(stunting.inForce).toMatchObject({ inherited: false, target: { region_code: '64.02', value_max: 18 }, replaced: { region_code: '64.02', value_max: 14 } });
		expect(stunting.history.find((h) => h.basis === 'RPJMN 2025–2029')?.state).toBe('overridden');
		const poverty = o.panels.find((p) => p.indicator.id === 'poverty_rate')!;
		expect(poverty.inForce).toMatchObject({ inherited: true, target: { region_code: '64', value_max: 5 } });
		const kotabaru = (await loadOverview(db, '63.02', '2025-06-01', 'gap'))!;
		expect(kotabaru.panels.find((p) => p.indicator.id === 'poverty_rate')?.inForce?.target.basis).toBe('RPJMN 2025–2029');
	});

	it('ranks the 20 districts of Kutai Kartanegara by extreme-poor households in the registers', async () => {
		const o = (await loadOverview(db, '64.02', '2025-06-01', 'gap'))!;
		expect(o.ranking?.basis).toBe('register');
		expect(o.ranking?.rows).toHaveLength(20);
		const gaps = o.ranking!.rows.map((r) => r.gap!);
		expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
		expect(gaps.reduce((s, g) => s + g, 0)).toBe(o.progress.at(-1)!.extreme_poor_hh);
	});

	it('ranks regencies of a province by official rate against the target in force', async () => {
		const o = (await loadOverview(db, '64', '2025-06-01', 'gap'))!;
		expect(o.ranking?.basis).toBe('official');
		expect(o.ranking?.rows[0]).toMatchObject({ code: '64.02', latest: 1.3, goal: 0.5 });
		expect(o.ranking?.rows[0]?.gap).toBeCloseTo(0.8, 10);
	});

	it('counts aid delivered in the latest period: Kotabaru’s 2024 food packages are in its 2024 figure', async () => {
		const o = (await loadOverview(db, '63.02', '2025-06-01', 'gap'))!;
		expect(o.aid.period).toBe(2025);
		expect(o.aid.packages).toBeGreaterThan(0);
		expect(o.aid.rupiah).toBeGreaterThan(0);
	});
});
