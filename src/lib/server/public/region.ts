import { memo } from '../api/memo';
import { getPublicDatabase, type SnapshotDatabase } from '../db';
import { PUBLIC_INDICATORS } from '../indicators/catalogue';
import { loadRegionPage, type RegionView } from '../pages/region';
import { getAncestors, getChildren, getRegion, type Region } from '../regions/query';
import { evaluationDate } from '../targets/params';
import { loadTargets } from '../targets/query';
import { regionChain, targetIndicators, trajectoryPanel } from '../targets/service';
import type { PROGRAMME_MEASURES, PUBLIC_MEASURES, RIGHTS_MEASURES } from './build';

/* The public pages' figures, read from the public view of the snapshot (db/views.ts): suppressed counts only. */

export type PublicMeasure = (typeof PUBLIC_MEASURES)[number];
export interface PublicRow {
	code: string;
	name: string;
	level: string;
	/** null = suppressed (1–9 or a complement); share/rate null when either count is. */
	values: Record<PublicMeasure, number | null>;
	extremeShare: number | null;
	stuntedRate: number | null;
	/** Per programme code: its published measures; the four rights' counts for regencies and districts only. */
	programmes: Record<string, Partial<Record<ProgrammeMeasure, number | null>>>;
}
export type ProgrammeMeasure = (typeof PROGRAMME_MEASURES)[number] | (typeof RIGHTS_MEASURES)[number];

const VALUES = `
	SELECT v.region_code AS code, r.name, v.level, v.measure, v.programme_code, v.value::DOUBLE AS value
	FROM public_region_values v JOIN regions r ON r.code = v.region_code AND r.valid_to IS NULL
	WHERE v.period = $1 AND (v.region_code = $2 OR v.parent_code = $2)
	ORDER BY v.region_code`;
const PROGRAMMES = `
	SELECT code, name_id, name_en, agency, kind, unit_value_rp::DOUBLE AS unit_value_rp, channel, funder, months::INTEGER AS months
	FROM programmes WHERE period = $1 AND (starts_with($2, region_code) OR starts_with(region_code, $2)) ORDER BY code`;
const PERIODS = 'SELECT DISTINCT period::INTEGER AS period FROM public_region_values WHERE region_code = $1 ORDER BY 1';
const OFFICIAL = `
	SELECT indicator, period::INTEGER AS period, value, ci_lower, ci_upper, source, method, synthetic
	FROM official_indicators WHERE region_code = $1 ORDER BY indicator, period`;

const share = (part: number | null | undefined, whole: number | null | undefined) =>
	part === null || part === undefined || whole === null || whole === undefined || whole === 0 ? null : (100 * part) / whole;

/**
 * The public view of a region: the region's own row and its children's rows for one period, from
 * suppressed public values only, plus programmes and official statistics. Null for unknown codes.
 */
export function loadPublicRegion(db: SnapshotDatabase, code: string, asked: number | undefined) {
	return memo(db, JSON.stringify(['public-region', code, asked ?? null]), () => buildPublicRegion(db, code, asked));
}

async function buildPublicRegion(db: SnapshotDatabase, code: string, asked: number | undefined) {
	const region = await getRegion(db, code);
	if (!region) return null;
	const periods = (await db.query<{ period: number }>(PERIODS, [code])).map((r) => r.period);
	const period = asked !== undefined && periods.includes(asked) ? asked : (periods.at(-1) ?? null);
	const [parents, children, raw, programmes, official] = await Promise.all([
		getAncestors(db, region),
		getChildren(db, code),
		period === null ? [] : db.query<{ code: string; name: string; level: string; measure: string; programme_code: string; value: number | null }>(VALUES, [period, code]),
		period === null ? [] : db.query<{ code: string; name_id: string; name_en: string; agency: string; kind: string; unit_value_rp: number; channel: string; funder: string; months: number }>(PROGRAMMES, [period, code]),
		db.query<{ indicator: string; period: number; value: number; ci_lower: number | null; ci_upper: number | null; source: string; method: string; synthetic: boolean }>(OFFICIAL, [code])
	]);
	const rows = new Map<string, PublicRow>();
	for (const r of raw) {
		const row = rows.get(r.code) ?? { code: r.code, name: r.name, level: r.level, values: {} as PublicRow['values'], extremeShare: null, stuntedRate: null, programmes: {} };
		if (r.programme_code === '') row.values[r.measure as PublicMeasure] = r.value;
		else {
			row.programmes[r.programme_code] ??= {};
			row.programmes[r.programme_code]![r.measure as ProgrammeMeasure] = r.value;
		}
		rows.set(r.code, row);
	}
	for (const row of rows.values()) {
		row.extremeShare = share(row.values.extreme_poor_hh, row.values.households);
		row.stuntedRate = share(row.values.under5_stunted, row.values.under5_measured);
	}
	const own = rows.get(code) ?? null;
	rows.delete(code);
	return {
		region,
		parents,
		childCount: children.length,
		period,
		periods,
		own,
		rows: [...rows.values()],
		programmes: programmes.filter((p) => own?.programmes[p.code] !== undefined),
		official,
		snapshot: db.manifest.id,
		synthetic: db.manifest.synthetic
	};
}

/**
 * Official rates against the targets in force, for the public page of a regency or larger region
 * (official statistics and targets are public tables; below regency level no official rate exists).
 */
export function publicTargetPanels(db: SnapshotDatabase, region: Region) {
	return memo(db, `public-targets|${region.code}`, () => buildTargetPanels(db, region));
}

async function buildTargetPanels(db: SnapshotDatabase, region: Region) {
	const date = evaluationDate(undefined, db.manifest.created);
	if (!['country', 'province', 'regency'].includes(region.level)) return { date, panels: [] };
	const [targets, chain] = await Promise.all([loadTargets(db), regionChain(db, region)]);
	const panels = await Promise.all(targetIndicators(targets).map((e) => trajectoryPanel(db, targets, chain, e, date)));
	return { date, panels: panels.filter((p) => p.observations.length > 0) };
}

/** `/wilayah/{code}` for signed-out visitors and users outside their scope: the same page, from the public database. */
export async function loadPublicRegionPage(code: string, view: RegionView) {
	return loadRegionPage(await getPublicDatabase(), code, view, PUBLIC_INDICATORS);
}

const REGENCIES = `
	SELECT DISTINCT r.code, r.name, r.level, r.parent_code, r.kind FROM public_region_values v
	JOIN regions r ON r.code = v.region_code AND r.valid_to IS NULL WHERE v.level = 'regency' ORDER BY r.code`;

export async function publicRegencies(db: SnapshotDatabase): Promise<Region[]> {
	return db.query<Region & Record<string, unknown>>(REGENCIES);
}
