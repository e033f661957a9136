import type { DuckDBConnection } from '@duckdb/node-api';
import { RIGHT_COUNTS } from '../../rights';
import { suppress } from './suppress';

/** Register measures published per region (each its own hierarchy of sums). */
export const PUBLIC_MEASURES = ['households', 'extreme_poor_hh', 'poor_vulnerable_hh', 'krs_families', 'under5_measured', 'under5_stunted', 'aid_households'] as const;
/** Per programme: households reached, and the Rupiah delivered, hidden wherever the count is (it reveals the count). */
export const PROGRAMME_MEASURES = ['reached', 'amount_rp'] as const;
/**
 * Per programme, for regencies and districts only: the counts behind the four rights' shares (Empat Tepat,
 * src/lib/rights.ts); each is its own suppressed hierarchy, and a share over a hidden count is hidden.
 */
export const RIGHTS_MEASURES = ['reached_eligible', 'recipients', 'paid_exact', 'rounds_delivered', 'rounds_on_time', 'receipts_signed'] as const;
export const PUBLIC_LEVELS = ['regency', 'district', 'village'] as const;

const LEVELS = PUBLIC_LEVELS.map((l) => `'${l}'`).join(', ');

/**
 * Where the public counts come from, one row per region × period (× programme), over the published
 * levels only. `counted` are suppressed as forests; every other column is hidden with `counted[0]`
 * (the Rupiah delivered reveals the households reached). Table names and SQL are constants.
 */
const SOURCES = [
	{
		table: 'public_wide_regions',
		counted: PUBLIC_MEASURES,
		others: [],
		sql: `SELECT region_code, level, parent_code, period, '' AS programme_code, ${PUBLIC_MEASURES.join(', ')} FROM region_values WHERE level IN (${LEVELS})`
	},
	{
		table: 'public_wide_programmes',
		counted: ['reached'],
		others: ['amount_rp'],
		sql: `SELECT region_code, level, parent_code, period, programme_code, reached, amount_rp FROM programme_coverage WHERE level IN (${LEVELS})`
	},
	{
		// `reached` rides along unpublished: it is the denominator that sasaran's numerator is judged against.
		table: 'public_wide_rights',
		counted: RIGHTS_MEASURES,
		others: [],
		sql: `SELECT x.region_code, x.level, x.parent_code, x.period, x.programme_code, c.reached, c.reached_eligible, ${RIGHTS_MEASURES.filter((m) => m !== 'reached_eligible').map((m) => `x.${m}`).join(', ')}
			FROM programme_rights x JOIN programme_coverage c USING (programme_code, period, region_code)
			WHERE x.level IN ('regency', 'district')`
	}
] as const;
type Source = (typeof SOURCES)[number];

/**
 * A share's numerator and denominator published together give away their difference (ineligible or
 * short-paid recipients, late rounds, unsigned receipts), so suppression judges a numerator by the
 * smaller of it and that difference: either being 1–9 makes it small.
 */
const DENOMINATOR: Record<string, string> = Object.fromEntries(Object.values(RIGHT_COUNTS));
const judged = (m: string) => (DENOMINATOR[m] ? `least(c.${m}, c.${DENOMINATOR[m]} - c.${m})::DOUBLE` : `c.${m}::DOUBLE`);

/** Rows in a fixed order (their `rowid`), so equal data always give equal suppression. */
const ordered = (s: Source) => `CREATE TEMP TABLE ${s.table} AS SELECT * FROM (${s.sql}) ORDER BY programme_code, period, region_code`;

/** A forest per (programme, period): each row's parent is the row of its parent region, −1 where that level is not published. */
const forest = (s: Source) => `
	SELECT coalesce(p.rowid, -1)::INTEGER AS parent_row, ${s.counted.map(judged).join(', ')}
	FROM ${s.table} c LEFT JOIN ${s.table} p ON p.programme_code = c.programme_code AND p.period = c.period AND p.region_code = c.parent_code
	ORDER BY c.rowid`;

/** Bit of a counted column in a row's hidden mask; other columns take their count's bit. */
const bit = (s: Source) =>
	`CASE measure ${[...s.counted.map((m, i) => `WHEN '${m}' THEN ${1 << i}`), ...s.others.map((m) => `WHEN '${m}' THEN 1`)].join(' ')} END`;

const unpivot = (s: Source, i: number) => `
	SELECT region_code, level, parent_code, period::SMALLINT AS period, measure, programme_code,
		CASE WHEN coalesce(mask, 0) & ${bit(s)} = 0 THEN round(value)::BIGINT END AS value
	FROM (UNPIVOT (SELECT w.*, h.mask FROM ${s.table} w LEFT JOIN public_hidden h ON h.source = ${i} AND h.row_id = w.rowid)
		ON ${[...s.counted, ...s.others].join(', ')} INTO NAME measure VALUE value)`;

const PUBLIC = `CREATE TABLE public_region_values AS ${SOURCES.map(unpivot).join(' UNION ALL ')}`;

/**
 * Builds `public_region_values`: the only register figures public pages may show, with small cells
 * and their complements set to NULL (`suppress.ts`). Each (measure, programme, period) is one forest
 * over the published levels; a region whose parent level is not published is a root.
 */
export async function buildPublicTables(conn: DuckDBConnection): Promise<void> {
	for (const table of ['public_region_values', 'public_hidden', ...SOURCES.map((s) => s.table)]) await conn.run(`DROP TABLE IF EXISTS ${table}`);
	await conn.run('CREATE TEMP TABLE public_hidden (source INTEGER NOT NULL, row_id INTEGER NOT NULL, mask INTEGER NOT NULL)');
	const appender = await conn.createAppender('public_hidden');
	for (const [i, s] of SOURCES.entries()) {
		await conn.run(ordered(s));
		// An empty result has no columns at all.
		const [parent = [], ...columns] = (await conn.runAndReadAll(forest(s))).getColumnsJS() as number[][];
		const mask = new Int32Array(parent.length);
		columns.forEach((value, m) => suppress(parent, value).forEach((h, row) => (mask[row]! |= h << m)));
		mask.forEach((bits, row) => {
			if (bits === 0) return;
			appender.appendInteger(i);
			appender.appendInteger(row);
			appender.appendInteger(bits);
			appender.endRow();
		});
	}
	appender.closeSync();
	await conn.run(PUBLIC);
	for (const table of ['public_hidden', ...SOURCES.map((s) => s.table)]) await conn.run(`DROP TABLE ${table}`);
}
