import type { DuckDBValue } from '@duckdb/node-api';
import type { Level } from '../../indicators';
import type { SnapshotDatabase } from './database';

/*
 * A regency's answer reads a few hundred rows, but a filter on region codes makes DuckDB scan the whole
 * in-memory table (region_values 458,000 rows, programme_coverage 917,728 nationally): 3–8 ms per query
 * however few rows match, since the zone maps of a text column keep only its first eight bytes
 * ('BPNT-202…'). A span is where the rows of one key lie: the first and last rowid, from one pass over
 * the table per snapshot. A query that filters on rowid alone reads only those rows (about 1 ms); its
 * caller checks each row's own key columns, so a table not in key order gives a longer span, never a
 * wrong answer.
 */

/** Key of each row, per table: level, period or programme, and the regency the code lies in (`left(code, 5)`). */
const SPAN_KEY = {
	region_values: "level || '|' || period || '|' || left(region_code, 5)",
	programme_coverage: "programme_code || '|' || level || '|' || left(region_code, 5)"
} as const;
export type SpanTable = keyof typeof SPAN_KEY;

interface Span {
	lo: bigint;
	hi: bigint;
}

function directory(db: SnapshotDatabase, table: SpanTable): Promise<Map<string, Span>> {
	return db.derived(`spans:${table}`, async () => {
		// Constant SQL: the table and key come from SPAN_KEY.
		const rows = await db.query<{ k: string; lo: bigint; hi: bigint }>(`SELECT ${SPAN_KEY[table]} AS k, min(rowid) AS lo, max(rowid) AS hi FROM ${table} GROUP BY 1`);
		return new Map(rows.map((r) => [r.k, { lo: r.lo, hi: r.hi }]));
	});
}

/** Whether `table` is one of the database's in-memory snapshot tables (a view, e.g. the public one, has no stable rowid). */
export const hasSpans = (db: SnapshotDatabase, table: SpanTable) => db.inMemory(table);

/**
 * The regency a code lies in, which names its span: `64.02` for `64.02`, `64.02.01` and `64.02.01.2001`;
 * a province or `ID` is its own.
 */
export const spanRegion = (code: string) => code.slice(0, 5);

/** The level of a region code: `ID`, then 2, 5, 8 and 13 characters. */
export function levelOfCode(code: string): Level {
	if (code === 'ID') return 'country';
	return (({ 2: 'province', 5: 'regency', 8: 'district' }) as Record<number, Level>)[code.length] ?? 'village';
}

/**
 * The query reading the rows of `table` in the span of `key` (see SPAN_KEY), with the columns `select`
 * names (constant SQL; `extra` are bound to its $3, $4, …); null when no row has the key. The span may
 * hold rows of other keys: `select` says which rows are the caller's, and the rowid range stays the
 * query's only filter (another filter beside it makes DuckDB scan the table again).
 */
export async function spanQuery(db: SnapshotDatabase, table: SpanTable, key: string, select: string, extra: DuckDBValue[] = []): Promise<{ sql: string; params: DuckDBValue[] } | null> {
	const span = (await directory(db, table)).get(key);
	return span ? { sql: `SELECT ${select} FROM ${table} WHERE rowid BETWEEN $1::BIGINT AND $2::BIGINT`, params: [span.lo, span.hi, ...extra] } : null;
}

/**
 * A dotted code column as its digits, a DOUBLE (exact: below 2^53; null for `ID`): numbers cross from
 * DuckDB to JS several times faster than text, and the level frames (frame.ts) find a code by them.
 */
export const digitsOf = (column: string) => `TRY_CAST(replace(${column}, '.', '') AS DOUBLE)`;

/** Whether answers about `code` read spans: a regency's or a district's, from a database holding `table` in memory. */
export const readsSpans = (db: SnapshotDatabase, table: SpanTable, code: string) => {
	const level = levelOfCode(code);
	return (level === 'regency' || level === 'district') && hasSpans(db, table);
};

/** Builds the spans of every table the database holds in memory (at a server's start, so its first answers do not). */
export async function prepareSpans(db: SnapshotDatabase): Promise<void> {
	await Promise.all((Object.keys(SPAN_KEY) as SpanTable[]).filter((t) => hasSpans(db, t)).map((t) => directory(db, t)));
}
