import { childLevel, type Level } from '../../indicators';
import type { IndicatorDescription } from '../../indicators';
import type { Panel, Target } from '../../targets';
import type { SnapshotDatabase } from '../db';
import { CATALOGUE, describeIndicator, type CatalogueEntry } from '../indicators/catalogue';
import { getAncestors, getRegion, type Region } from '../regions/query';
import { aidDelivered, childSeries, loadTargets, officialObservations, registerProgress } from './query';
import { targetHistory, targetInForce } from './select';
import { assess, rankByGap, sortRanking, targetOutcomes, type RankRow } from './trajectory';

/** Official indicators that have at least one target in the snapshot, in catalogue order. */
export type OfficialEntry = CatalogueEntry & { kind: 'official' };

export function targetIndicators(targets: readonly Target[]): OfficialEntry[] {
	const ids = new Set(targets.map((t) => t.indicator));
	return CATALOGUE.filter((e): e is OfficialEntry => e.kind === 'official' && ids.has(e.officialKey));
}

/** The region code followed by its ancestors' codes, nearest first, always ending at the country. */
export async function regionChain(db: SnapshotDatabase, region: Region): Promise<string[]> {
	const ancestors = await getAncestors(db, region);
	const chain = [region.code, ...ancestors.map((a) => a.code).reverse()];
	return chain.at(-1) === 'ID' ? chain : [...chain, 'ID'];
}

export async function trajectoryPanel(
	db: SnapshotDatabase,
	targets: readonly Target[],
	chain: readonly string[],
	e: OfficialEntry,
	date: string
): Promise<Panel> {
	const observations = await officialObservations(db, chain[0]!, e.officialKey);
	const inForce = targetInForce(targets, chain, e.officialKey, date);
	const history = targetHistory(targets, chain, e.officialKey, date);
	return {
		indicator: describeIndicator(e),
		observations,
		inForce,
		history,
		assessment: inForce ? assess(observations, inForce.target, e.direction) : null,
		outcomes: targetOutcomes(history, observations, e.direction, date)
	};
}

export interface Ranking {
	level: Level;
	basis: 'official' | 'register';
	indicator: IndicatorDescription;
	rows: RankRow[];
}

const OFFICIAL_LEVELS: Level[] = ['country', 'province', 'regency'];
/** What leaders are ranked and compared on by default: BPS's rate where it exists, the register share below. */
export const RANK_OFFICIAL = 'extreme_poverty_rate';
export const RANK_REGISTER = 'extreme_poor_share';

/**
 * Sub-regions ranked against the extreme-poverty target. Where BPS publishes rates (regencies and
 * provinces) the gap is rate minus the goal in force for each of them; below regency level no rate
 * exists, so the register share of extreme-poor households (with its counts beside) stands in, against
 * the eradication goal of zero: ranked by share, a large district does not lag for being large.
 */
export async function rankChildren(
	db: SnapshotDatabase,
	targets: readonly Target[],
	region: Region,
	chain: readonly string[],
	date: string,
	sortBy: 'gap' | 'change'
): Promise<Ranking | null> {
	const level = childLevel(region.level);
	if (!level) return null;
	const official = OFFICIAL_LEVELS.includes(level);
	const entry = CATALOGUE.find((e) => e.id === (official ? RANK_OFFICIAL : RANK_REGISTER))!;
	const children = await childSeries(db, region.code, official ? { official: RANK_OFFICIAL } : 'register');
	const items = children.map((c) => ({
		...c,
		goal: official ? (targetInForce(targets, [c.code, ...chain], RANK_OFFICIAL, date)?.target.value_max ?? 0) : 0
	}));
	const rows = rankByGap(items, entry.direction);
	return { level, basis: official ? 'official' : 'register', indicator: describeIndicator(entry), rows: sortRanking(rows, sortBy, entry.direction) };
}

/** Everything on a region's overview and one-page brief, for one evaluation date. */
export async function loadOverview(db: SnapshotDatabase, code: string, date: string, sortBy: 'gap' | 'change') {
	const region = await getRegion(db, code);
	if (!region) return null;
	const [ancestors, chain, targets, progress] = await Promise.all([
		getAncestors(db, region),
		regionChain(db, region),
		loadTargets(db),
		registerProgress(db, code)
	]);
	const panels = await Promise.all(
		targetIndicators(targets).map((e) => trajectoryPanel(db, targets, chain, e, date))
	);
	const aidPeriod = progress.at(-1)?.period ?? db.manifest.periods.at(-1)!;
	const [aid, ranking] = await Promise.all([aidDelivered(db, code, aidPeriod), rankChildren(db, targets, region, chain, date, sortBy)]);
	return {
		region,
		ancestors,
		date,
		panels,
		progress,
		aid,
		ranking,
		eppgbm: describeIndicator(CATALOGUE.find((e) => e.id === 'stunted_share_eppgbm')!),
		progressMeta: describeIndicator(CATALOGUE.find((e) => e.id === 'extreme_poor_coverage')!),
		snapshot: db.manifest.id,
		synthetic: db.manifest.synthetic
	};
}

export type Overview = NonNullable<Awaited<ReturnType<typeof loadOverview>>>;
