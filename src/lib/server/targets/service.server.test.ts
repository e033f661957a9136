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

	it('ranks the 20 districts of Kutai Kartanegara by their register share of extreme-poor households, counts beside, not by size', async () => {
		const o = (await loadOverview(db, '64.02', '2025-06-01', 'gap'))!;
		expect(o.ranking?.basis).toBe('register');
		expect(o.ranking?.indicator.id).toBe('extreme_poor_share');
		expect(o.ranking?.rows).toHaveLength(20);
		const rows = o.ranking!.rows;
		const gaps = rows.map((r) => r.gap!);
		expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
		for (const r of rows) expect(r.latest).toBeCloseTo((100 * r.counts!.part) / r.counts!.whole, 10);
		// The counts add up to the regency's own register figure.
		expect(rows.reduce((s, r) => s + r.counts!.part, 0)).toBe(o.progress.at(-1)!.extreme_poor_hh);
		// By count Tenggarong (the largest district) leads; by share it does not.
		const byCount = [...rows].sort((a, b) => b.counts!.part - a.counts!.part);
		expect(byCount[0]!.name).toBe('Tenggarong');
		expect(rows[0]!.code).not.toBe(byCount[0]!.code);
	});

	it('states that the 2024 zero-extreme-poverty target was missed, with the 2024 figure, though Inpres 8/2025 replaced it', async () => {
		const o = (await loadOverview(db, '63.02', '2025-06-01', 'gap'))!;
		const extreme = o.panels.find((p) => p.indicator.id === 'extreme_poverty_rate')!;
		expect(extreme.inForce?.replaced?.basis).toBe('Inpres 4/2022');
		expect(extreme.outcomes).toHaveLength(1);
		expect(extreme.outcomes[0]).toMatchObject({ target: { basis: 'Inpres 4/2022', value_max: 0 }, observed: { period: 2024, value: 1.3 }, met: false });
		// Before the deadline has passed there is nothing to judge yet.
		const earlier = (await loadOverview(db, '63.02', '2024-06-01', 'gap'))!;
		expect(earlier.panels.find((p) => p.indicator.id === 'extreme_poverty_rate')!.outcomes).toEqual([]);
		// A national target that a region's own target overrode never applied to it: no outcome.
		const kukar = (await loadOverview(db, '64.02', '2025-06-01', 'gap'))!;
		expect(kukar.panels.find((p) => p.indicator.id === 'stunting_prevalence')!.outcomes).toEqual([]);
	});

	it('carries the precision BPS publishes with each official series: two decimals for poverty rates, one for survey stunting', async () => {
		const o = (await loadOverview(db, '64.02', '2025-06-01', 'gap'))!;
		const decimals = Object.fromEntries(o.panels.map((p) => [p.indicator.id, p.indicator.decimals]));
		expect(decimals).toEqual({ poverty_rate: 2, extreme_poverty_rate: 2, stunting_prevalence: 1 });
		expect(o.panels[0]!.observations.find((x) => x.period === 2024)?.value).toBe(7.28);
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
