import { m } from '$lib/paraglide/messages';
import type { Locale } from '../../format';
import { publicShare } from '../../public-share';
import { memo } from '../api/memo';
import type { SnapshotDatabase } from '../db';
import type { Region } from '../regions/query';
import { PUBLIC_LEVELS, PUBLIC_MEASURES } from './build';
import type { Sheet, SheetColumn } from './download';
import { publicNotes } from './opendata';

type Measure = (typeof PUBLIC_MEASURES)[number];

/** One region in one year from the public table: a measure missing from `values` has no figure; `null` is hidden. */
export interface TrendRow {
	code: string;
	name: string;
	level: string;
	period: number;
	values: Partial<Record<Measure, number | null>>;
}

// At most three regions: the region, its district and its regency (the published levels above a village).
const TREND = `
	SELECT v.region_code AS code, r.name, v.level, v.period::INTEGER AS period, v.measure, v.value::DOUBLE AS value
	FROM public_region_values v JOIN regions r ON r.code = v.region_code AND r.valid_to IS NULL
	WHERE v.programme_code = '' AND v.region_code IN ($1, $2, $3)
	ORDER BY v.period, v.region_code`;

/** The published levels of a region's own line: itself, then its district and regency where they are published. */
export function trendRegions(region: Region, parents: readonly Region[]): Region[] {
	const published = (r: Region) => (PUBLIC_LEVELS as readonly string[]).includes(r.level);
	return [region, ...[...parents].reverse().filter(published)].filter(published);
}

/**
 * Every year of a region's public register figures beside those of its district and regency: a village's page shows
 * where it stands against the areas around it. From the suppressed public table only.
 */
export function publicTrend(db: SnapshotDatabase, regions: readonly Region[]): Promise<TrendRow[]> {
	const codes = regions.map((r) => r.code);
	return memo(db, JSON.stringify(['public-trend', codes]), async () => {
		const padded = [...codes, codes[0]!, codes[0]!].slice(0, 3);
		const raw = await db.query<{ code: string; name: string; level: string; period: number; measure: string; value: number | null }>(TREND, padded);
		const rows = new Map<string, TrendRow>();
		for (const r of raw) {
			if (!(PUBLIC_MEASURES as readonly string[]).includes(r.measure)) continue;
			const key = `${r.period}|${r.code}`;
			const row = rows.get(key) ?? { code: r.code, name: r.name, level: r.level, period: r.period, values: {} };
			row.values[r.measure as Measure] = r.value;
			rows.set(key, row);
		}
		// Ordered by year, then as `regions` lists them (the region first).
		return [...rows.values()].sort((a, b) => a.period - b.period || codes.indexOf(a.code) - codes.indexOf(b.code));
	});
}

/** The region's figures (and its district's and regency's) for every year, as a file for people: labelled columns, hidden cells say so. */
export function trendSheet(db: SnapshotDatabase, region: Region, rows: readonly TrendRow[], locale: Locale): Sheet {
	const o = { locale };
	const count = (key: Measure, label: string): SheetColumn => ({ key, label, type: 'number', decimals: 0 });
	const share = (key: string, label: string, about: string): SheetColumn => ({ key, label, type: 'number', decimals: 1, about });
	return {
		name: `tepat-${region.code}-${db.manifest.id}`,
		title: `${region.name} (${region.code}) — ${m.dl_title_values({}, o)}`,
		header: 'label',
		hidden: m.pub_suppressed({}, o),
		columns: [
			{ key: 'period', label: m.col_period({}, o), type: 'number' },
			{ key: 'code', label: m.col_code({}, o), type: 'text' },
			{ key: 'name', label: m.col_name({}, o), type: 'text' },
			count('households', m.pub_households({}, o)),
			count('extreme_poor_hh', m.pub_extreme_poor({}, o)),
			share('extreme_share', m.pub_extreme_share({}, o), m.pub_register_vs_official({}, o)),
			count('poor_vulnerable_hh', m.pub_poor_vulnerable({}, o)),
			count('krs_families', m.pub_krs({}, o)),
			count('under5_measured', m.pub_measured({}, o)),
			count('under5_stunted', m.pub_stunted({}, o)),
			share('stunted_share', m.pub_stunted_rate({}, o), m.pub_method_rates({}, o)),
			count('aid_households', m.pub_aid_households({}, o))
		],
		rows: rows.map((r) => ({
			period: r.period,
			code: r.code,
			name: r.name,
			...r.values,
			extreme_share: publicShare(r.values.extreme_poor_hh, r.values.households),
			stunted_share: publicShare(r.values.under5_stunted, r.values.under5_measured)
		})),
		notes: [[m.source({}, o), m.pub_map_register({}, o)], ...publicNotes(db, locale, m.dl_hidden_cell({}, o))]
	};
}
