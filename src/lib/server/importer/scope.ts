import type { DuckDBConnection } from '@duckdb/node-api';
import { isRegionCode } from '../../region-code';
import type { Kind, KindSpec, Register } from './kinds';
import { ImportError } from './messages';
import { regionColumn, type ExtraCheck } from './validate';

/**
 * Where an import may write and what it replaces. The importer's own scope (an account's Kemendagri
 * code, `ID` for the country) bounds every row; the replacement scope is what a file replaces: by
 * default only the villages × periods (or keys) the file holds, wider only when named. Both live in
 * one-row temp tables so the SQL stays constant.
 */

/** Share of a regency's rows of one register that a publish may remove without a named confirmation. */
export const CONFIRM_SHARE = 0.1;

/** A Kemendagri code from the user: `ID`, `64`, `64.02`, `64.02.13` or `64.02.13.1008`. */
export function checkRegionCode(code: string, error: 'BAD_SCOPE' | 'BAD_REPLACE_SCOPE'): string {
	if (!isRegionCode(code)) throw new ImportError(error, code.replace(/[^\w.]/g, '').slice(0, 20));
	return code;
}

/** SQL: `x` lies inside the area in the one-row table `table` (false when the table is empty). */
export const inArea = (x: string, table: 'import_scope' | 'replace_area') =>
	`coalesce((SELECT a.code = 'ID' OR ${x} = a.code OR starts_with(${x}, a.code || '.') FROM ${table} a), false)`;

export async function installScopes(conn: DuckDBConnection, scope: string, replaceScope: string | null): Promise<void> {
	await conn.run('CREATE OR REPLACE TEMP TABLE import_scope AS SELECT $1::VARCHAR AS code', [scope]);
	await conn.run('CREATE OR REPLACE TEMP TABLE replace_area AS SELECT code FROM (SELECT $1::VARCHAR AS code) WHERE code IS NOT NULL', [replaceScope]);
	if (replaceScope === null) return;
	const known = await conn.runAndReadAll('SELECT count(*)::INTEGER FROM regions WHERE code = $1', [replaceScope]);
	if (!Number(known.getRows()[0]?.[0])) throw new ImportError('BAD_REPLACE_SCOPE', replaceScope);
	const inside = await conn.runAndReadAll(`SELECT ${inArea('$1', 'import_scope')}`, [replaceScope]);
	if (!inside.getRows()[0]?.[0]) throw new ImportError('REPLACE_SCOPE_OUTSIDE', replaceScope);
}

/**
 * The rows an import can change, as (group, regency, key hash): one group per register for households,
 * per programme for distributions, the table for the rest. Periods outside the file are never touched
 * by a merge, so period tables are read for the file's periods only.
 */
function rowsSql(kind: Kind, register: Register | null): string {
	const filePeriods = 'period IN (SELECT DISTINCT period FROM clean)';
	switch (kind) {
		case 'households':
			// `register` comes from the REGISTERS allow-list.
			return `SELECT '${register}' AS grp, left(village_code, 5) AS area, hash(household_id, period) AS k FROM households WHERE in_${register} AND ${filePeriods}`;
		case 'distributions':
			return `SELECT 'distributions:' || programme_code AS grp, left(village_code, 5) AS area, hash(programme_code, period, round, household_id) AS k FROM distributions WHERE ${filePeriods}`;
		case 'child_growth':
			return `SELECT 'child_growth' AS grp, left(village_code, 5) AS area, hash(village_code, period, round_month) AS k FROM child_growth WHERE ${filePeriods}`;
		case 'children':
			return `SELECT 'children' AS grp, left(village_code, 5) AS area, hash(child_id, period, round_month) AS k FROM children WHERE ${filePeriods}`;
		case 'official_indicators':
			return `SELECT 'official_indicators' AS grp, left(region_code, 5) AS area, hash(region_code, indicator, period) AS k FROM official_indicators`;
		case 'targets':
			return `SELECT 'targets' AS grp, left(region_code, 5) AS area, hash(region_code, indicator, adopted) AS k FROM targets`;
		case 'programmes':
			return `SELECT 'programmes' AS grp, left(region_code, 5) AS area, hash(code) AS k FROM programmes`;
		case 'region_crosswalk':
			return `SELECT 'region_crosswalk' AS grp, left(to_code, 5) AS area, hash(from_code, valid_from) AS k FROM region_crosswalk`;
		case 'verifications':
			return `SELECT 'verifications:' || programme_code AS grp, left(village_code, 5) AS area, hash(programme_code, period, household_id) AS k FROM verifications WHERE ${filePeriods}`;
	}
}

/** Every row's region must lie inside the importer's scope (a regional admin imports their region only); the whole country needs no check. */
export function scopeChecks(spec: KindSpec, scope: string): ExtraCheck[] {
	const col = regionColumn(spec);
	return col && scope !== 'ID' ? [{ column: col.name, code: 'OUTSIDE_SCOPE', when: `${col.name}_p IS NOT NULL AND NOT ${inArea(`${col.name}_p`, 'import_scope')}` }] : [];
}

/** Keeps the rows the import may change, before (`rows_before`) or after (`rows_after`) the merge. */
export async function snapshotRows(conn: DuckDBConnection, kind: Kind, register: Register | null, into: 'rows_before' | 'rows_after'): Promise<void> {
	await conn.run(`CREATE OR REPLACE TEMP TABLE ${into} AS ${rowsSql(kind, register)}`);
}

/** One register (or table) in one regency: rows before → after, and how many of the old rows are gone. */
export interface Change {
	group: string;
	/** Regency code (or the province / `ID` for figures above regencies). */
	area: string;
	name: string;
	before: number;
	after: number;
	removed: number;
}

/** Rows before → after per group and regency, after the merge; what was there before is in `rows_before`. */
export async function changes(conn: DuckDBConnection, kind: Kind, register: Register | null): Promise<Change[]> {
	// Nothing was there before (a first import): nothing can have gone, and the rows after need no key hashes.
	const empty = Number((await conn.runAndReadAll('SELECT count(*) FROM (SELECT 1 FROM rows_before LIMIT 1)')).getRows()[0]?.[0]) === 0;
	if (!empty) await snapshotRows(conn, kind, register, 'rows_after');
	const after = empty ? `(${rowsSql(kind, register)})` : 'rows_after';
	const removed = empty
		? 'SELECT NULL::VARCHAR AS grp, NULL::VARCHAR AS area, 0 AS n WHERE false'
		: 'SELECT grp, area, count(*) AS n FROM (SELECT * FROM rows_before EXCEPT ALL SELECT * FROM rows_after) GROUP BY grp, area';
	const reader = await conn.runAndReadAll(`
		WITH b AS (SELECT grp, area, count(*) AS n FROM rows_before GROUP BY grp, area),
		a AS (SELECT grp, area, count(*) AS n FROM ${after} GROUP BY grp, area),
		r AS (${removed})
		SELECT grp AS "group", area, coalesce((SELECT min(g.name) FROM regions g WHERE g.code = area), '') AS name,
			coalesce(b.n, 0)::INTEGER AS before, coalesce(a.n, 0)::INTEGER AS after, coalesce(r.n, 0)::INTEGER AS removed
		FROM b FULL OUTER JOIN a USING (grp, area) LEFT JOIN r USING (grp, area)
		WHERE coalesce(b.n, 0) <> coalesce(a.n, 0) OR r.n > 0
		ORDER BY 1, 2`);
	return reader.getRowObjectsJS() as unknown as Change[];
}

/** Regions where a publish removes more than CONFIRM_SHARE of a register's rows: each must be confirmed by name. */
export function needsConfirmation(list: Change[]): string[] {
	return [...new Set(list.filter((c) => c.before > 0 && c.removed / c.before > CONFIRM_SHARE).map((c) => c.area))].sort();
}
