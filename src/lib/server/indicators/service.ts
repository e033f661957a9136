import { LEVELS, childLevel, type IndicatorDescription, type Level, type ValueRow } from '../../indicators';
import type { SnapshotDatabase } from '../db';
import { error } from '@sveltejs/kit';
import { bilingual } from '../errors';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import { getRegion, knownRegion } from '../regions/query';
import { describeIndicator, type CatalogueEntry } from './catalogue';
import { indicatorPeriods, indicatorSeries, indicatorValues, type SeriesPoint } from './query';

export interface ValuesResult {
	indicator: IndicatorDescription;
	region: string;
	level: Level;
	period: number;
	snapshot: string;
	synthetic: boolean;
	rows: ValueRow[];
}

/** The level and period a values request resolves to (children and the newest period by default); a 400 for what the snapshot lacks. */
export async function valuesScope(
	db: SnapshotDatabase,
	e: CatalogueEntry,
	regionCode: string,
	level: Level | undefined,
	period: number | undefined
): Promise<{ level: Level; period: number }> {
	const region = await knownRegion(db, regionCode);
	if (!region) error(400, bilingual(both(m.error_region_unknown, { code: regionCode })));
	const target = level ?? childLevel(region.level) ?? region.level;
	if (LEVELS.indexOf(target) < LEVELS.indexOf(region.level)) {
		error(400, bilingual(both(m.error_level_above, { level: target, code: regionCode })));
	}
	if (!e.levels.includes(target)) {
		error(400, bilingual(both(m.error_indicator_level, { indicator: e.id, level: target })));
	}
	const periods = await indicatorPeriods(db, e);
	const chosen = period ?? periods.at(-1);
	if (chosen === undefined || !periods.includes(chosen)) {
		error(400, bilingual(both(m.error_period_unavailable, { period: period ?? '–', available: periods.join(', ') })));
	}
	return { level: target, period: chosen };
}

/** Values of one indicator for every region at `level` under `regionCode` (children by default). */
export async function getValues(
	db: SnapshotDatabase,
	e: CatalogueEntry,
	regionCode: string,
	level: Level | undefined,
	period: number | undefined
): Promise<ValuesResult> {
	const scope = await valuesScope(db, e, regionCode, level, period);
	return {
		indicator: describeIndicator(e),
		region: regionCode,
		...scope,
		snapshot: db.manifest.id,
		synthetic: db.manifest.synthetic,
		rows: await indicatorValues(db, e, regionCode, scope.level, scope.period)
	};
}

export interface SeriesResult {
	indicator: IndicatorDescription;
	region: string;
	snapshot: string;
	synthetic: boolean;
	points: SeriesPoint[];
}

export async function getSeries(db: SnapshotDatabase, e: CatalogueEntry, regionCode: string): Promise<SeriesResult> {
	const region = await getRegion(db, regionCode);
	if (!region) error(400, bilingual(both(m.error_region_unknown, { code: regionCode })));
	return {
		indicator: describeIndicator(e),
		region: regionCode,
		snapshot: db.manifest.id,
		synthetic: db.manifest.synthetic,
		points: await indicatorSeries(db, e, regionCode)
	};
}
