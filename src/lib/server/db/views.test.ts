import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueProblems, CATALOGUE, findIndicator, PUBLIC_INDICATORS, type CatalogueEntry } from '../indicators/catalogue';
import { getSeries, getValues } from '../indicators/service';
import { loadRegionPage } from '../pages/region';
import { getDatabase, getPublicDatabase, getSnapshot } from '.';

const pub = await getPublicDatabase();
const full = await getDatabase();

describe('the public database', () => {
	it('is opened from the same snapshot as the full one, as its own instance', async () => {
		const served = await getSnapshot();
		expect(served.public).toBe(pub);
		expect(served.full).toBe(full);
		expect(pub).not.toBe(full);
		expect(pub.manifest.id).toBe(full.manifest.id);
	});

	it('has no household, name or distribution table, and cannot open their Parquet files either', async () => {
		for (const table of ['households', 'household_names', 'distributions', 'child_growth', 'programme_coverage']) {
			await expect(pub.query(`SELECT count(*) FROM ${table}`)).rejects.toThrow(/does not exist/);
		}
		const file = path.join(pub.dir, 'household_names.parquet');
		await expect(pub.query('SELECT count(*) FROM read_parquet($1)', [file])).rejects.toThrow(/disabled|Permission|not allowed/i);
	});

	it('offers official statistics and register figures built from published counts only', () => {
		expect([...PUBLIC_INDICATORS]).toEqual(expect.arrayContaining(['poverty_rate', 'extreme_poor_hh', 'krs_families', 'stunted_share_eppgbm']));
		for (const id of ['dtks_hh', 'aid_rp', 'extreme_poor_coverage']) expect(findIndicator(id)!.public, id).toBe(false);
		expect(PUBLIC_INDICATORS.size).toBeLessThan(CATALOGUE.length);
	});

	it('refuses a catalogue entry that claims to be public but reads an unpublished measure', () => {
		expect(catalogueProblems(CATALOGUE)).toEqual([]);
		const coverage = findIndicator('extreme_poor_coverage') as CatalogueEntry & { kind: 'register' };
		expect(catalogueProblems([{ ...coverage, public: true }])).toEqual(['extreme_poor_coverage is declared public but reads extreme_poor_reached, which is not published']);
		expect(catalogueProblems([{ ...findIndicator('dtks_hh')!, public: true }])).toHaveLength(1);
	});

	it('gives village counts of 1–9 as hidden and every published count equal to the full figure', async () => {
		const e = findIndicator('krs_families')!;
		const [p, f] = await Promise.all([getValues(pub, e, '64.02.13', 'village', 2024), getValues(full, e, '64.02.13', 'village', 2024)]);
		expect(p.rows.map((r) => r.code)).toEqual(f.rows.map((r) => r.code));
		f.rows.forEach((truth, i) => {
			const shown = p.rows[i]!.value;
			if (truth.value !== null && truth.value >= 1 && truth.value <= 9) expect(shown, truth.code).toBeNull();
			if (shown !== null) expect(shown, truth.code).toBe(truth.value);
		});
	});

	it('hides a rate wherever one of its counts is hidden', async () => {
		const e = findIndicator('stunted_share_eppgbm')!;
		const rates = await getValues(pub, e, '63.02', 'village', 2024);
		const stunted = await getValues(pub, findIndicator('stunted_children')!, '63.02', 'village', 2024);
		const hidden = new Set(stunted.rows.filter((r) => r.value === null).map((r) => r.code));
		expect(hidden.size).toBeGreaterThan(0);
		for (const r of rates.rows) if (hidden.has(r.code)) expect(r.value, r.code).toBeNull();
	});

	it('serves the official poverty series unchanged', async () => {
		const e = findIndicator('poverty_rate')!;
		expect((await getSeries(pub, e, '64.02')).points).toEqual((await getSeries(full, e, '64.02')).points);
	});

	it('builds the region page with published indicators only', async () => {
		const page = (await loadRegionPage(pub, '64.02.13', { indicator: findIndicator('dtks_hh'), sort: 'value', dir: 'desc' }, PUBLIC_INDICATORS))!;
		expect(page.indicators.every((i) => PUBLIC_INDICATORS.has(i.id))).toBe(true);
		expect(page.indicator.id).not.toBe('dtks_hh');
		expect(page.rows.length).toBeGreaterThan(0);
	});
});
