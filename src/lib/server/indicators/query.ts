import type { Indicator, Level, ValueRow } from '../../indicators';
import type { SnapshotDatabase } from '../db';
import { isValid, type Columns, type NumericColumn } from '../db/columns';
import { digitsOf, readsSpans, spanQuery, spanRegion } from '../db/spans';
import { childPrefix } from '../../region-code';
import { CATALOGUE, describeIndicator, type CatalogueEntry } from './catalogue';
import { frameSlice, indexOfDigits, makeSlice, type FrameSlice } from './frame';

/** The period's rows under the prefix, filtered before the join: a regency answer then joins 237 rows, not the country's 91,600. */
const REGION_VALUES_UNDER = 'SELECT * FROM region_values WHERE period = $2 AND starts_with(region_code, $3)';

/**
 * SQL per indicator, made once from the catalogue. Values are bound: $1 level, $2 period,
 * $3 code prefix of the parent region (empty for the whole country).
 */
function valuesSql(e: CatalogueEntry): string {
	if (e.kind === 'register') {
		return `SELECT r.code, r.name, (${e.expr})::DOUBLE AS value
			FROM regions r LEFT JOIN (${REGION_VALUES_UNDER}) v ON v.region_code = r.code
			WHERE r.level = $1 AND starts_with(r.code, $3) ORDER BY r.code`;
	}
	return `SELECT r.code, r.name, o.value::DOUBLE AS value
		FROM regions r LEFT JOIN official_indicators o
			ON o.region_code = r.code AND o.period = $2 AND o.indicator = '${e.officialKey}'
		WHERE r.level = $1 AND starts_with(r.code, $3) ORDER BY r.code`;
}

/** The values query's value column alone, in the same row order: what an answer over a frame (frame.ts) reads. */
function valueColumnSql(e: CatalogueEntry): string {
	if (e.kind === 'register') {
		return `SELECT (${e.expr})::DOUBLE AS value
			FROM regions r LEFT JOIN (${REGION_VALUES_UNDER}) v ON v.region_code = r.code
			WHERE r.level = $1 AND starts_with(r.code, $3) ORDER BY r.code`;
	}
	return `SELECT o.value::DOUBLE AS value
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
	CATALOGUE.map((e) => [e.id, { values: valuesSql(e), valueColumn: valueColumnSql(e), series: seriesSql(e), periods: periodsSql(e) }])
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

/** An indicator's values as columns: the regions (a frame slice) and one typed value per region, in code order. */
export interface ValueColumns {
	regions: FrameSlice;
	value: NumericColumn;
}

/** The SQL and bound values `indicatorValueColumns` runs (the bench times the same on DuckDB alone). */
export function valueColumnQuery(e: CatalogueEntry, regionCode: string, level: Level, period: number) {
	return { sql: sqlFor(e).valueColumn, params: [level, period, level === 'country' ? '' : childPrefix(regionCode)] };
}

/**
 * `indicatorValues` read as columns: the value column from DuckDB's vectors, laid on the level's frame
 * of codes and names. Should the frame not match the query row for row, the codes and names come from
 * the query itself.
 */
export async function indicatorValueColumns(db: SnapshotDatabase, e: CatalogueEntry, regionCode: string, level: Level, period: number): Promise<ValueColumns> {
	const { sql, params } = valueColumnQuery(e, regionCode, level, period);
	const spanned = await valueSpanQuery(db, e, regionCode, level, period);
	if (spanned) {
		const slice = await frameSlice(db, level, params[2] as string);
		if (slice?.digits) return { regions: slice, value: valuesInSpan(await db.columns(spanned.sql, spanned.params), slice) };
	}
	const [slice, { length, columns }] = await Promise.all([frameSlice(db, level, params[2] as string), db.columns(sql, params)]);
	const value = columns.value as NumericColumn;
	if (slice && slice.codes.length === length) return { regions: slice, value };
	const own = await db.columns(sqlFor(e).values, params);
	return { regions: makeSlice(own.columns.code!.values as string[], own.columns.name!.values as (string | null)[]), value: own.columns.value as NumericColumn };
}

/** The read `indicatorValueColumns` makes of a regency's span of region_values, for a register indicator in a regency or a district; null otherwise (the values query). */
export async function valueSpanQuery(db: SnapshotDatabase, e: CatalogueEntry, regionCode: string, level: Level, period: number) {
	if (e.kind !== 'register' || !readsSpans(db, 'region_values', regionCode)) return null;
	const select = `${digitsOf('region_code')} AS code, (${e.expr})::DOUBLE AS value, (level = $3 AND period = $4)::INTEGER AS mine`;
	return spanQuery(db, 'region_values', `${level}|${period}|${spanRegion(regionCode)}`, select, [level, period]);
}

/**
 * The value column for a regency's or a district's regions from the rows of its span (`valueSpanQuery`),
 * laid on the frame slice: a region without a row gets null, as the values query's LEFT JOIN gives it.
 */
function valuesInSpan({ length, columns }: Columns, slice: FrameSlice): NumericColumn {
	const n = slice.codes.length;
	const values = new Float64Array(n);
	const valid = new Uint8Array(Math.ceil(n / 8));
	let nullCount = n;
	const [mine, code, value] = [columns.mine!.values as Int32Array, columns.code as NumericColumn, columns.value as NumericColumn];
	for (let r = 0; r < length; r++) {
		const i = mine[r] === 1 && isValid(code, r) ? indexOfDigits(slice, code.values[r] as number) : -1;
		if (i < 0 || !isValid(value, r) || isValid({ valid }, i)) continue;
		values[i] = Number(value.values[r]);
		valid[i >> 3]! |= 1 << (i & 7);
		nullCount--;
	}
	return { kind: 'float64', values, valid: nullCount > 0 ? valid : null, nullCount };
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

/** The periods the snapshot holds for the indicator; read once per snapshot. */
export async function indicatorPeriods(db: SnapshotDatabase, e: CatalogueEntry): Promise<number[]> {
	const periods = await db.derived(`periods:${e.id}`, async () => (await db.query<{ period: number }>(sqlFor(e).periods)).map((r) => r.period));
	return [...periods];
}

export async function listIndicators(db: SnapshotDatabase): Promise<Indicator[]> {
	return Promise.all(CATALOGUE.map(async (e) => ({ ...describeIndicator(e), periods: await indicatorPeriods(db, e) })));
}
