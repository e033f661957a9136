import type { Indicator, Level, ValueRow } from '../../indicators';
import type { SnapshotDatabase } from '../db';
import { childPrefix } from '../../region-code';
import { CATALOGUE, describeIndicator, type CatalogueEntry } from './catalogue';

/**
 * SQL per indicator, made once from the catalogue. Values are bound: $1 level, $2 period,
 * $3 code prefix of the parent region (empty for the whole country).
 */
function valuesSql(e: CatalogueEntry): string {
	if (e.kind === 'register') {
		return `SELECT r.code, r.name, (${e.expr})::DOUBLE AS value
			FROM regions r LEFT JOIN region_values v ON v.region_code = r.code AND v.period = $2
			WHERE r.level = $1 AND starts_with(r.code, $3) ORDER BY r.code`;
	}
	return `SELECT r.code, r.name, o.value::DOUBLE AS value
		FROM regions r LEFT JOIN official_indicators o
			ON o.region_code = r.code AND o.period = $2 AND o.indicator = '${e.officialKey}'
		WHERE r.level = $1 AND starts_with(r.code, $3) ORDER BY r.code`;
}

function seriesSql(e: CatalogueEntry): string {
	if (e.kind === 'register') {
		return `SELECT period::INTEGER AS period, (${e.expr})::DOUBLE AS value, NULL::DOUBLE AS ci_lower,
				NULL::DOUBLE AS ci_upper, NULL AS source, NULL AS method, false AS synthetic
			FROM region_values WHERE region_code = $1 ORDER BY period`;
	}
	return `SELECT period::INTEGER AS period, value, ci_lower, ci_upper, source, method, synthetic
		FROM official_indicators WHERE region_code = $1 AND indicator = '${e.officialKey}' ORDER BY period`;
}

function periodsSql(e: CatalogueEntry): string {
	return e.kind === 'register'
		? 'SELECT DISTINCT period::INTEGER AS period FROM region_values ORDER BY 1'
		: `SELECT DISTINCT period::INTEGER AS period FROM official_indicators WHERE indicator = '${e.officialKey}' ORDER BY 1`;
}

const SQL = new Map(
	CATALOGUE.map((e) => [e.id, { values: valuesSql(e), series: seriesSql(e), periods: periodsSql(e) }])
);

function sqlFor(e: CatalogueEntry) {
	const s = SQL.get(e.id);
	if (!s) throw new Error(`indicator ${e.id} has no SQL`);
	return s;
}

export async function indicatorValues(
	db: SnapshotDatabase,
	e: CatalogueEntry,
	regionCode: string,
	level: Level,
	period: number
): Promise<ValueRow[]> {
	const prefix = level === 'country' ? '' : childPrefix(regionCode);
	return db.query<ValueRow & Record<string, unknown>>(sqlFor(e).values, [level, period, prefix]);
}

export interface SeriesPoint {
	period: number;
	value: number | null;
	ci_lower: number | null;
	ci_upper: number | null;
	source: string | null;
	method: string | null;
	synthetic: boolean;
}

export async function indicatorSeries(db: SnapshotDatabase, e: CatalogueEntry, regionCode: string): Promise<SeriesPoint[]> {
	return db.query<SeriesPoint & Record<string, unknown>>(sqlFor(e).series, [regionCode]);
}

export async function indicatorPeriods(db: SnapshotDatabase, e: CatalogueEntry): Promise<number[]> {
	const rows = await db.query<{ period: number }>(sqlFor(e).periods);
	return rows.map((r) => r.period);
}

export async function listIndicators(db: SnapshotDatabase): Promise<Indicator[]> {
	return Promise.all(CATALOGUE.map(async (e) => ({ ...describeIndicator(e), periods: await indicatorPeriods(db, e) })));
}
