import type { DuckDBConnection } from '@duckdb/node-api';
import { hmacSql } from './key';
import { RATE_INDICATORS, type ColumnSpec, type KindSpec } from './kinds';
import type { ErrorCode } from './messages';

/**
 * Validation runs as a few set-based DuckDB statements over the whole file, never row by row in
 * JS: `typed` holds each column's parsed value and error code, `problems` one row per error, and
 * `clean` the typed rows once nothing failed. Column names come from the kind's allow-list; the
 * file's own headers never reach SQL text (the raw table's columns are positional `c1…cN`).
 */

const v = (name: string) => `n.${name}`;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const when = (cond: string, code: ErrorCode) => `WHEN ${cond} THEN '${code}'`;
const INT_RE = `'^-?[0-9]+$'`;

function parsed(col: ColumnSpec): string {
	const x = v(col.name);
	switch (col.type.t) {
		case 'int':
		case 'period':
			return `TRY_CAST(CASE WHEN regexp_matches(${x}, ${INT_RE}) THEN ${x} END AS BIGINT)`;
		case 'number':
			return `TRY_CAST(CASE WHEN ${x} LIKE '%,%' AND ${x} NOT LIKE '%.%' THEN replace(${x}, ',', '.') ELSE ${x} END AS DOUBLE)`;
		case 'bool':
			return `CASE WHEN lower(${x}) IN ('1', 'true', 'ya', 'y', 'yes', 'benar') THEN true WHEN lower(${x}) IN ('0', 'false', 'tidak', 't', 'no', 'n', 'salah') THEN false END`;
		case 'date':
			return `coalesce(TRY_CAST(${x} AS DATE), try_strptime(${x}, '%d/%m/%Y')::DATE)`;
		case 'choice':
			return `CASE lower(${x}) ${col.type.values.map((v) => `WHEN ${lit(v.code)} THEN ${lit(v.code)} WHEN ${lit(v.id.toLowerCase())} THEN ${lit(v.code)} WHEN ${lit(v.en.toLowerCase())} THEN ${lit(v.code)}`).join(' ')} END`;
		case 'ref':
			return `lower(replace(replace(${x}, '-', ''), ' ', ''))`;
		default:
			return x;
	}
}

/** The error of one cell, or NULL; `p` is the parsed value column. */
function cellError(col: ColumnSpec, p: string): string {
	const x = v(col.name);
	const t = col.type;
	const checks: string[] = [];
	if (col.required) checks.push(when(`${x} IS NULL`, 'REQUIRED'));
	checks.push(`WHEN ${x} IS NULL THEN NULL`);
	switch (t.t) {
		case 'text':
		case 'name':
			checks.push(when(`regexp_matches(${x}, '^[=+\\-@\\t\\r\\n]')`, 'FORMULA_INJECTION'));
			checks.push(when(`length(${x}) > ${t.t === 'text' ? (t.max ?? 500) : 200}`, 'TEXT_TOO_LONG'));
			break;
		case 'code':
			checks.push(when(`NOT regexp_matches(${x}, '^[A-Za-z0-9_.\\-]{1,64}$')`, 'BAD_CODE'));
			break;
		case 'int':
			checks.push(when(`${p} IS NULL AND ${x} IS NOT NULL`, 'NOT_INTEGER'), when(`${p} NOT BETWEEN ${t.min} AND ${t.max}`, 'OUT_OF_RANGE'));
			break;
		case 'period':
			checks.push(when(`(${p} IS NULL AND ${x} IS NOT NULL) OR ${p} NOT BETWEEN 2000 AND 2100`, 'BAD_PERIOD'));
			break;
		case 'number':
			checks.push(when(`${p} IS NULL AND ${x} IS NOT NULL`, 'NOT_NUMBER'), when(`NOT isfinite(${p}) OR ${p} NOT BETWEEN ${t.min} AND ${t.max}`, 'OUT_OF_RANGE'));
			break;
		case 'bool':
			checks.push(when(`${p} IS NULL AND ${x} IS NOT NULL`, 'NOT_BOOLEAN'));
			break;
		case 'date':
			checks.push(when(`${p} IS NULL AND ${x} IS NOT NULL`, 'NOT_DATE'));
			break;
		case 'enum':
			checks.push(when(`${x} NOT IN (${t.values.map(lit).join(', ')})`, 'BAD_ENUM'));
			break;
		case 'choice':
			checks.push(when(`${p} IS NULL`, 'BAD_ENUM'));
			break;
		case 'ref':
			checks.push(when(`NOT regexp_matches(${p}, '^[0-9a-f]{8,64}$')`, 'BAD_REF'));
			break;
		case 'kk':
		case 'nik': {
			const day = `TRY_CAST(substr(${x}, 7, 2) AS INTEGER)${t.t === 'nik' ? ` % 40` : ''}`;
			const date = `try(make_date(2000 + TRY_CAST(substr(${x}, 11, 2) AS INTEGER), TRY_CAST(substr(${x}, 9, 2) AS INTEGER), ${day}))`;
			checks.push(
				when(`regexp_matches(${x}, '^[0-9]*[.,]?[0-9]+[eE][+]?[0-9]+$')`, 'ID_SCIENTIFIC'),
				when(`regexp_matches(${x}, '^[0-9]{12}0000$|^[0-9]{15,17}[.,][0-9]*$')`, 'ID_LOST_PRECISION'),
				when(`NOT regexp_matches(${x}, '^[0-9]{16}$')`, 'ID_NOT_16_DIGITS'),
				when(`substr(${x}, 1, 6) NOT IN (SELECT prefix FROM id_prefixes)`, 'ID_BAD_REGION'),
				// NIK: women add 40 to the day, so a day of 41–71 is fine; KK digits 7–12 are the issue date.
				when(`${date} IS NULL${t.t === 'nik' ? ` OR TRY_CAST(substr(${x}, 7, 2) AS INTEGER) IN (0, 40) OR TRY_CAST(substr(${x}, 7, 2) AS INTEGER) > 71` : ''}`, 'ID_BAD_DATE')
			);
			break;
		}
		case 'region':
			break;
	}
	return checks.length ? `CASE ${checks.join(' ')} END` : 'NULL';
}

export interface ValidateOptions {
	spec: KindSpec;
	/** Canonical column name → position (1-based) in `raw_in`; absent optional columns are NULL. */
	positions: Map<string, number>;
	/** First file row number of the data (2 for a header line). */
	rowOffset: number;
}

/** A check over several columns or against the snapshot: marks `column` with `code` where `when` holds. */
export interface ExtraCheck {
	column: string;
	code: ErrorCode;
	when: string;
}

export function regionColumn(spec: KindSpec): ColumnSpec | undefined {
	return spec.columns.find((col) => col.type.t === 'region');
}

/** The date range a row's region code must be valid in: its period's year, or its own date. */
function regionWindow(spec: KindSpec): { from: string; to: string } {
	if (spec.columns.some((col) => col.name === 'period')) return { from: 'make_date(period::INTEGER, 1, 1)', to: 'make_date(period::INTEGER, 12, 31)' };
	const dated = spec.kind === 'targets' ? 'adopted' : 'valid_from';
	return { from: dated, to: dated };
}

/** Kemendagri codes without dots (`6402131008`) get their dots back; BPS codes are looked up first. */
const DOTTED = (x: string) => `CASE length(${x})
	WHEN 2 THEN ${x}
	WHEN 4 THEN substr(${x}, 1, 2) || '.' || substr(${x}, 3, 2)
	WHEN 6 THEN substr(${x}, 1, 2) || '.' || substr(${x}, 3, 2) || '.' || substr(${x}, 5, 2)
	WHEN 10 THEN substr(${x}, 1, 2) || '.' || substr(${x}, 3, 2) || '.' || substr(${x}, 5, 2) || '.' || substr(${x}, 7, 4)
	END`;

/** Creates `typed`: parsed values and one error column per file column, regions resolved, duplicates marked. */
export async function validate(conn: DuckDBConnection, opts: ValidateOptions): Promise<void> {
	const { spec, positions } = opts;
	const norm = spec.columns
		.map((col) => {
			const pos = positions.get(col.name);
			return `${pos ? `nullif(trim(c${pos}), '')` : 'NULL::VARCHAR'} AS ${col.name}`;
		})
		.join(',\n\t\t');
	const parsedCols = spec.columns.map((col) => `${parsed(col)} AS ${col.name}_p_`).join(', ');
	const cols = spec.columns.map((col) => `n.${col.name} AS ${col.name}_raw, ${col.name}_p_ AS ${col.name}_p, ${cellError(col, `${col.name}_p_`)} AS e_${col.name}`).join(',\n\t\t');
	await conn.run(`CREATE OR REPLACE TABLE typed AS
		WITH n AS (SELECT rowid + ${opts.rowOffset} AS __row, ${norm} FROM raw_in),
		q AS (SELECT n.*, ${parsedCols} FROM n)
		SELECT n.__row, ${cols}
		FROM q AS n`);
	await resolveRegions(conn, spec);
	await markDuplicates(conn, spec);
}

export async function applyChecks(conn: DuckDBConnection, checks: ExtraCheck[]): Promise<void> {
	for (const check of checks) {
		await conn.run(`UPDATE typed SET e_${check.column} = coalesce(e_${check.column}, '${check.code}') WHERE ${check.when}`);
	}
}

/** One row per problem; NIK, KK and names are never copied into it. */
export async function collectProblems(conn: DuckDBConnection, spec: KindSpec): Promise<void> {
	const personal = new Set(spec.columns.filter((col) => ['kk', 'nik', 'name'].includes(col.type.t)).map((col) => col.name));
	await conn.run(`CREATE OR REPLACE TABLE problems AS
		${spec.columns
			.map((col) => `SELECT __row AS row, '${col.name}' AS column_name, e_${col.name} AS code, ${personal.has(col.name) ? 'NULL' : `left(${col.name}_raw, 80)`} AS value FROM typed WHERE e_${col.name} IS NOT NULL`)
			.join('\nUNION ALL ')}
		ORDER BY row, column_name`);
}

async function resolveRegions(conn: DuckDBConnection, spec: KindSpec): Promise<void> {
	const col = regionColumn(spec);
	if (!col || col.type.t !== 'region') return;
	const w = regionWindow(spec);
	const levels = col.type.levels.map(lit).join(', ');
	const name = col.name;
	// Typed date/period columns are referenced through their parsed values.
	const windowFrom = w.from.replace(/\b(period|adopted|valid_from)\b/, '$1_p');
	const windowTo = w.to.replace(/\b(period|adopted|valid_from)\b/, '$1_p');
	await conn.run(`CREATE OR REPLACE TEMP TABLE region_lookup AS
		WITH wanted AS (
			SELECT DISTINCT ${name}_raw AS raw_code, ${windowFrom} AS d_from, ${windowTo} AS d_to
			FROM typed WHERE ${name}_raw IS NOT NULL AND ${windowFrom} IS NOT NULL
		), mapped AS (
			SELECT w.*, coalesce(
				(SELECT any_value(x.to_code) FROM region_crosswalk x
					WHERE x.from_code IN (w.raw_code, replace(w.raw_code, '.', ''))
					AND x.valid_from <= w.d_to AND (x.valid_to IS NULL OR x.valid_to >= w.d_from)),
				CASE WHEN regexp_matches(w.raw_code, '^[0-9]+$') THEN ${DOTTED('w.raw_code')} ELSE w.raw_code END
			) AS code
			FROM wanted w
		)
		SELECT m.raw_code, m.d_from, m.d_to, m.code, r.level
		FROM mapped m LEFT JOIN regions r
			ON r.code = m.code AND r.valid_from <= m.d_to AND (r.valid_to IS NULL OR r.valid_to >= m.d_from)`);
	await conn.run(`CREATE OR REPLACE TABLE typed_r AS
		SELECT t.* REPLACE (
			CASE WHEN t.e_${name} IS NOT NULL THEN t.e_${name}
				WHEN t.${name}_raw IS NULL OR l.raw_code IS NULL THEN t.e_${name}
				WHEN l.level IS NULL THEN 'UNKNOWN_REGION'
				WHEN l.level NOT IN (${levels}) THEN 'WRONG_REGION_LEVEL' END AS e_${name},
			l.code AS ${name}_p)
		FROM typed t LEFT JOIN region_lookup l
			ON l.raw_code = t.${name}_raw AND l.d_from = ${windowFrom.replace(/(\w+_p)/, 't.$1')} AND l.d_to = ${windowTo.replace(/(\w+_p)/, 't.$1')}`);
	await conn.run('DROP TABLE typed');
	await conn.run('ALTER TABLE typed_r RENAME TO typed');
}

async function markDuplicates(conn: DuckDBConnection, spec: KindSpec): Promise<void> {
	const first = spec.key[0];
	const key = spec.key.map((k) => `coalesce(${k}_p::VARCHAR, ${k}_raw)`).join(', ');
	await conn.run(`UPDATE typed SET e_${first} = 'DUPLICATE_IN_FILE'
		WHERE e_${first} IS NULL AND __row IN (
			SELECT __row FROM (SELECT __row, row_number() OVER (PARTITION BY ${key} ORDER BY __row) AS k FROM typed) WHERE k > 1)`);
}

/** Percentages must lie in 0–100 and an interval must hold its value. */
export function officialChecks(): ExtraCheck[] {
	return [
		{ column: 'value', code: 'RATE_OUT_OF_RANGE', when: `indicator_raw IN (${RATE_INDICATORS.map(lit).join(', ')}) AND (value_p > 100 OR ci_upper_p > 100)` },
		{ column: 'ci_lower', code: 'MIN_GT_MAX', when: 'ci_lower_p > value_p OR ci_upper_p < value_p' }
	];
}

/** Value of a column in `clean`: parsed, hashed for NIK/KK, or its default when the optional cell was empty. */
export function cleanColumns(spec: KindSpec): string {
	return spec.columns
		.map((col) => {
			if (col.type.t === 'kk' || col.type.t === 'nik') return `CASE WHEN ${col.name}_p IS NULL THEN NULL ELSE ${hmacSql(`${col.name}_p`)} END AS ${col.name}`;
			return `${col.fallback ? `coalesce(${col.name}_p, ${col.fallback})` : `${col.name}_p`} AS ${col.name}`;
		})
		.join(', ');
}
