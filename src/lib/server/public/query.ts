import { error } from '@sveltejs/kit';
import { bilingual } from '../errors';
import { memo } from '../api/memo';
import { getDatabase, SnapshotDatabase } from '../db';
import { loadRegionPage, type RegionView } from '../pages/region';
import { getAncestors, getChildren, getRegion, type Region } from '../regions/query';
import { CATALOGUE, type CatalogueEntry } from '../indicators/catalogue';
import { MEASURES } from '../snapshot/schema';
import { evaluationDate } from '../targets/params';
import { loadTargets } from '../targets/query';
import { regionChain, targetIndicators, trajectoryPanel } from '../targets/service';
import { PUBLIC_MEASURES, type PROGRAMME_MEASURES, type RIGHTS_MEASURES } from './build';

/**
 * The public code path: its own DuckDB instance that attaches only tables with nothing personal
 * (region master, programme list, official statistics, targets and the suppressed public values).
 * Household, distribution and unsuppressed aggregate tables do not exist in it.
 */
export const PUBLIC_TABLES = ['regions', 'programmes', 'official_indicators', 'targets', 'public_region_values'] as const;

const isPublicMeasure = (m: string): m is PublicMeasure => (PUBLIC_MEASURES as readonly string[]).includes(m);

/**
 * `region_values` as the public sees it: one row per region and period with the suppressed public
 * counts, and NULL for every measure that is not published. The indicator catalogue's SQL then runs
 * unchanged on the public database, and a rate over a suppressed count comes out NULL by itself.
 * Column names come from the schema's measure list (constants), never from input.
 */
const PUBLIC_REGION_VALUES_VIEW = `CREATE VIEW region_values AS
	SELECT region_code, level, parent_code, period,
		${MEASURES.map((m) => (isPublicMeasure(m) ? `max(value) FILTER (WHERE measure = '${m}') AS ${m}` : `NULL::BIGINT AS ${m}`)).join(',\n\t\t')}
	FROM public_region_values WHERE programme_code = '' GROUP BY ALL`;

/** Indicators a signed-out visitor may see: official statistics, and register figures built only from published measures. */
export function isPublicIndicator(e: CatalogueEntry): boolean {
	if (e.kind === 'official') return true;
	const columns = e.expr.match(/[a-z][a-z0-9_]*/g) ?? [];
	return columns.filter((c) => (MEASURES as readonly string[]).includes(c)).every(isPublicMeasure);
}
export const PUBLIC_INDICATORS = new Set(CATALOGUE.filter(isPublicIndicator).map((e) => e.id));

let active: { dir: string; db: Promise<SnapshotDatabase> } | null = null;

async function openPublic(dir: string): Promise<SnapshotDatabase> {
	const db = await SnapshotDatabase.open(dir, PUBLIC_TABLES);
	await db.query(PUBLIC_REGION_VALUES_VIEW);
	return db;
}

export async function getPublicDatabase(): Promise<SnapshotDatabase> {
	// The snapshot the server serves (checksums verified, or the last good one), so both views agree.
	const { dir } = await getDatabase();
	if (active?.dir !== dir) {
		const previous = active;
		active = { dir, db: openPublic(dir) };
		if (previous) setTimeout(() => previous.db.then((d) => d.close()).catch(() => {}), 30_000).unref();
	}
	return active.db;
}

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

/**
 * The database an indicator request reads: the full snapshot for a caller inside their scope, the
 * public one otherwise; indicators that need unpublished measures are refused in the public view.
 */
export async function indicatorDatabase(view: 'full' | 'public', signedIn: boolean, e: CatalogueEntry): Promise<SnapshotDatabase> {
	if (view === 'full') return getDatabase();
	if (!PUBLIC_INDICATORS.has(e.id)) {
		error(
			signedIn ? 403 : 401,
			bilingual(
				`Indikator ${e.id} tidak termasuk data publik${signedIn ? ' untuk wilayah ini' : '; silakan masuk'}. Data terbuka: /api/v1/public/nilai-wilayah`,
				`Indicator ${e.id} is not public${signedIn ? ' for this region' : '; please sign in'}. Open data: /api/v1/public/nilai-wilayah`,
				signedIn ? 'scope' : 'sign-in'
			)
		);
	}
	return getPublicDatabase();
}

const REGENCIES = `
	SELECT DISTINCT r.code, r.name, r.level, r.parent_code, r.kind FROM public_region_values v
	JOIN regions r ON r.code = v.region_code AND r.valid_to IS NULL WHERE v.level = 'regency' ORDER BY r.code`;

export async function publicRegencies(db: SnapshotDatabase): Promise<Region[]> {
	return db.query<Region & Record<string, unknown>>(REGENCIES);
}

/** Open-data downloads: one long table per file, constant SQL, suppressed values left empty. */
export const DOWNLOADS = {
	'nilai-wilayah': {
		sql: `SELECT v.region_code, r.name AS region_name, v.level, v.parent_code, v.period::INTEGER AS period, v.measure, v.programme_code, v.value::DOUBLE AS value
			FROM public_region_values v LEFT JOIN regions r ON r.code = v.region_code AND r.valid_to IS NULL
			ORDER BY v.measure, v.programme_code, v.period, v.level, v.region_code`,
		columns: ['region_code', 'region_name', 'level', 'parent_code', 'period', 'measure', 'programme_code', 'value']
	},
	program: {
		sql: `SELECT code, name_id, name_en, agency, kind, unit_value_rp::DOUBLE AS unit_value_rp, items, channel, funder, region_code, period::INTEGER AS period, months::INTEGER AS months, basis,
				start_month::INTEGER AS start_month, rounds::INTEGER AS rounds, round_months::INTEGER AS round_months,
				cash_per_round_rp::DOUBLE AS cash_per_round_rp, in_kind_per_round_rp::DOUBLE AS in_kind_per_round_rp
			FROM programmes ORDER BY code`,
		columns: ['code', 'name_id', 'name_en', 'agency', 'kind', 'unit_value_rp', 'items', 'channel', 'funder', 'region_code', 'period', 'months', 'basis', 'start_month', 'rounds', 'round_months', 'cash_per_round_rp', 'in_kind_per_round_rp']
	},
	'indikator-resmi': {
		sql: `SELECT region_code, indicator, period::INTEGER AS period, value, ci_lower, ci_upper, source, method, synthetic FROM official_indicators ORDER BY indicator, region_code, period`,
		columns: ['region_code', 'indicator', 'period', 'value', 'ci_lower', 'ci_upper', 'source', 'method', 'synthetic']
	}
} as const;
export type DownloadName = keyof typeof DOWNLOADS;
