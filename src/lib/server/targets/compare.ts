import type { IndicatorDescription } from '../../indicators';
import { MAX_COMPARE, type Panel } from '../../targets';
import type { SnapshotDatabase } from '../db';
import { CATALOGUE, describeIndicator, type CatalogueEntry } from '../indicators/catalogue';
import { indicatorSeries } from '../indicators/query';
import { PUBLIC_INDICATORS } from '../indicators/catalogue';
import { publicRegencies } from '../public/region';
import { getRegion, searchRegions, type Region } from '../regions/query';
import { loadTargets } from './query';
import { RANK_OFFICIAL, RANK_REGISTER, regionChain, targetIndicators, trajectoryPanel } from './service';

/** One year of a register share with the counts it is made of; a count is null where the public view hides it. */
export interface SharePoint {
	period: number;
	value: number | null;
	part: number | null;
	whole: number | null;
}

export type CompareColumn = { region: Region; panel: Panel; points?: never } | { region: Region; points: SharePoint[]; panel?: never };

/** Regions with a register figure but no official rate (districts, villages) are compared on register shares. */
const OFFICIAL_LEVELS = new Set(['country', 'province', 'regency']);

/**
 * Register figures that compare regions of any size: shares, not counts. The public view offers only those built
 * from published counts (a share over a hidden count is hidden by the public database itself).
 */
function registerChoices(view: 'full' | 'public'): CatalogueEntry[] {
	return CATALOGUE.filter((e) => e.kind === 'register' && e.unit === 'percent' && (view === 'full' || PUBLIC_INDICATORS.has(e.id)));
}

// Column names come from the catalogue's typed measure names, never from input.
const countsSql = (e: CatalogueEntry & { kind: 'register' }) =>
	`SELECT period::INTEGER AS period, ${e.numerator}::DOUBLE AS part, ${e.denominator}::DOUBLE AS whole FROM region_values WHERE region_code = $1 ORDER BY period`;

async function sharePoints(db: SnapshotDatabase, e: CatalogueEntry, code: string): Promise<SharePoint[]> {
	const series = await indicatorSeries(db, e, code);
	const counts = e.kind === 'register' && e.numerator && e.denominator ? await db.query<{ period: number; part: number | null; whole: number | null }>(countsSql(e), [code]) : [];
	return series.map((s) => {
		const c = counts.find((x) => x.period === s.period);
		return { period: s.period, value: s.value, part: c?.part ?? null, whole: c?.whole ?? null };
	});
}

/** Regions a reader may add by name: the search's matches, or else the regencies this snapshot holds data for. */
async function candidates(db: SnapshotDatabase, q: string | undefined, chosen: readonly string[]): Promise<Region[]> {
	const found = q ? await searchRegions(db, q, 12) : await publicRegencies(db);
	return found.filter((r) => !chosen.includes(r.code)).slice(0, 8);
}

/**
 * Up to four regions side by side on one indicator, evaluated on one date: official rates against the target in
 * force for each, or a register share with its counts. `db` is the full snapshot when every region lies in the
 * caller's scope, the public database otherwise (edge rule `public-view`), so a peer's figures are the published ones.
 */
export async function loadComparison(db: SnapshotDatabase, view: 'full' | 'public', codes: readonly string[], asked: CatalogueEntry | undefined, date: string, q?: string) {
	const targets = await loadTargets(db);
	const official = targetIndicators(targets);
	const register = registerChoices(view);
	const regions = await Promise.all(codes.map((c) => getRegion(db, c)));
	const found = regions.filter((r): r is Region => r !== null);
	const offered: CatalogueEntry[] = [...official, ...register];
	const fallback = found.length > 0 && found.every((r) => !OFFICIAL_LEVELS.has(r.level)) ? RANK_REGISTER : RANK_OFFICIAL;
	const entry = offered.find((e) => e.id === asked?.id) ?? offered.find((e) => e.id === fallback) ?? offered[0]!;
	const columns: CompareColumn[] = await Promise.all(
		found.map(async (region) =>
			entry.kind === 'official'
				? { region, panel: await trajectoryPanel(db, targets, await regionChain(db, region), entry, date) }
				: { region, points: await sharePoints(db, entry, region.code) }
		)
	);
	return {
		date,
		indicator: describeIndicator(entry) as IndicatorDescription,
		indicators: offered.map(describeIndicator),
		unknown: codes.filter((_, i) => regions[i] === null),
		columns,
		/** The measures a register share is made of, for the columns beside it. */
		counts: entry.kind === 'register' && entry.numerator && entry.denominator ? { part: entry.numerator, whole: entry.denominator } : null,
		q: q ?? '',
		candidates: found.length < MAX_COMPARE ? await candidates(db, q, codes) : [],
		snapshot: db.manifest.id
	};
}

export type Comparison = Awaited<ReturnType<typeof loadComparison>>;
