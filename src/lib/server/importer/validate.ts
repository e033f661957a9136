import type { DuckDBConnection } from '@duckdb/node-api';
import { hmacSql } from './key';
import { RATE_INDICATORS, type ColumnSpec, type KindSpec } from './kinds';
import type { ErrorCode } from './messages';
import { VALUE_SYNONYMS } from './synonyms';

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

/** A date as typed: ISO, or day/month/year as an Indonesian spreadsheet writes it. */
export const parsedDate = (x: string) => `coalesce(TRY_CAST(${x} AS DATE), try_strptime(${x}, '%d/%m/%Y')::DATE, try_strptime(${x}, '%d-%m-%Y')::DATE)`;

/**
 * Numbers as the file's locale writes them. In a semicolon-separated file (Excel in an Indonesian
 * locale) `,` is the decimal mark and `.` groups thousands (`753.332` = 753332, `7,28` = 7.28);
 * elsewhere `.` is the decimal mark and `,` groups thousands only in groups of three (`59,000`),
 * a lone comma still being a decimal comma (`7,28`).
 */
function plainNumber(x: string, decimalComma: boolean): string {
	return decimalComma
		? `CASE WHEN regexp_matches(${x}, '^-?[0-9]{1,3}([.][0-9]{3})+(,[0-9]+)?$') OR ${x} LIKE '%,%' THEN replace(replace(${x}, '.', ''), ',', '.') ELSE ${x} END`
		: `CASE WHEN regexp_matches(${x}, '^-?[0-9]{1,3}(,[0-9]{3})+([.][0-9]+)?$') THEN replace(${x}, ',', '') WHEN ${x} LIKE '%,%' AND ${x} NOT LIKE '%.%' THEN replace(${x}, ',', '.') ELSE ${x} END`;
}

/** A whole number may be written with thousands grouped (`250.000` or `250,000`, by the file's locale). */
const plainInt = (x: string, decimalComma: boolean) => `CASE WHEN regexp_matches(${x}, '^-?[0-9]{1,3}([${decimalComma ? '.' : ','}][0-9]{3})+$') THEN replace(${x}, '${decimalComma ? '.' : ','}', '') ELSE ${x} END`;

/** An allowed value, or its native-export wording (synonyms.ts) read as the allowed value. */
function enumValue(col: ColumnSpec, x: string): string {
	const words = Object.entries(VALUE_SYNONYMS[col.name] ?? {});
	if (!words.length) return x;
	return `coalesce(CASE regexp_replace(lower(strip_accents(${x})), '[^a-z0-9]+', '', 'g') ${words.map(([w, value]) => `WHEN ${lit(w)} THEN ${lit(value)}`).join(' ')} END, ${x})`;
}

function parsed(col: ColumnSpec, decimalComma: boolean): string {
	const x = v(col.name);
	switch (col.type.t) {
		case 'int':
			return `TRY_CAST(CASE WHEN regexp_matches(${plainInt(x, decimalComma)}, ${INT_RE}) THEN ${plainInt(x, decimalComma)} END AS BIGINT)`;
		case 'period':
			return `TRY_CAST(CASE WHEN regexp_matches(${x}, ${INT_RE}) THEN ${x} END AS BIGINT)`;
		case 'number':
			return `TRY_CAST(${plainNumber(x, decimalComma)} AS DOUBLE)`;
		case 'bool':
			// list_contains, not IN: DuckDB plans an IN list of six or more constants as a join over every row.
			return `CASE WHEN list_contains(['1', 'true', 'ya', 'iya', 'y', 'yes', 'benar'], lower(${x})) THEN true WHEN list_contains(['0', 'false', 'tidak', 't', 'no', 'n', 'salah', 'bukan'], lower(${x})) THEN false END`;
		case 'date':
			return parsedDate(x);
		case 'enum':
			return enumValue(col, x);
		case 'choice':
			return `CASE lower(${x}) ${col.type.values.map((v) => `WHEN ${lit(v.code)} THEN ${lit(v.code)} WHEN ${lit(v.id.toLowerCase())} THEN ${lit(v.code)} WHEN ${lit(v.en.toLowerCase())} THEN ${lit(v.code)}`).join(' ')} END`;
		case 'ref':
			return `lower(replace(replace(${x}, '-', ''), ' ', ''))`;
		default:
			return x;
	}
}

/** The error of one cell, or NULL; `p` is the parsed value column, `t` the alias of the row. */
function cellError(col: ColumnSpec, p: string, row: string): string {
	const x = `${row}.${col.name}`;
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
			checks.push(when(`${p} NOT IN (${t.values.map(lit).join(', ')})`, 'BAD_ENUM'));
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
	/** The file writes `,` as its decimal mark (a semicolon-separated CSV). */
	decimalComma: boolean;
}

/** A check over several columns or against the snapshot: marks `column` with `code` where `when` holds. */
export interface ExtraCheck {
	column: string;
	code: ErrorCode;
	when: string;
	/** A query of (`__row`, `value`) naming what the row conflicts with, shown as the problem's value. */
	value?: string;
}

export function regionColumn(spec: KindSpec): ColumnSpec | undefined {
	return spec.columns.find((col) => col.type.t === 'region');
}

/** The date range a row's region code must be valid in: its period's year, or its own date (SQL over the parsed row `t`). */
function regionWindow(spec: KindSpec): { column: string; from: (t: string) => string; to: (t: string) => string } {
	if (spec.columns.some((col) => col.name === 'period')) return { column: 'period', from: (t) => `make_date(${t}.period_p_::INTEGER, 1, 1)`, to: (t) => `make_date(${t}.period_p_::INTEGER, 12, 31)` };
	const dated = spec.kind === 'targets' ? 'adopted' : 'valid_from';
	return { column: dated, from: (t) => `${t}.${dated}_p_`, to: (t) => `${t}.${dated}_p_` };
}

/** Kemendagri codes without dots (`6402131008`) get their dots back; BPS codes are looked up first. */
const DOTTED = (x: string) => `CASE length(${x})
	WHEN 2 THEN ${x}
	WHEN 4 THEN substr(${x}, 1, 2) || '.' || substr(${x}, 3, 2)
	WHEN 6 THEN substr(${x}, 1, 2) || '.' || substr(${x}, 3, 2) || '.' || substr(${x}, 5, 2)
	WHEN 10 THEN substr(${x}, 1, 2) || '.' || substr(${x}, 3, 2) || '.' || substr(${x}, 5, 2) || '.' || substr(${x}, 7, 4)
	END`;

/**
 * Creates `typed`: parsed values and one error column per file column, regions resolved (through the
 * crosswalk, valid in the row's period), duplicates of the key marked, in one pass over `raw_in`;
 * the lookups it joins (distinct region codes, repeated keys) are small tables built first.
 */
export async function validate(conn: DuckDBConnection, opts: ValidateOptions): Promise<void> {
	const { spec, positions } = opts;
	// raw_in's cells are already trimmed, empty ones NULL (read.ts).
	const norm = (cols: ColumnSpec[]) => cols.map((col) => `${positions.has(col.name) ? `c${positions.get(col.name)}` : 'NULL::VARCHAR'} AS ${col.name}`).join(', ');
	const parsedCols = (cols: ColumnSpec[]) => cols.map((col) => `${parsed(col, opts.decimalComma)} AS ${col.name}_p_`).join(', ');
	const region = regionColumn(spec);
	const w = regionWindow(spec);
	// The lookups read only the columns they need (the key, the region and its date window); `typed` parses them all.
	const only = (names: string[]) => spec.columns.filter((c) => names.includes(c.name));
	const rowsOf = (cols: ColumnSpec[]) => `n AS (SELECT rowid + ${opts.rowOffset} AS __row, ${norm(cols)} FROM raw_in), q AS (SELECT n.*, ${parsedCols(cols)} FROM n)`;
	const located = region ? [region.name, w.column] : [];
	if (region) {
		// Distinct raw (code, window) pairs first: a register file has a few hundred, not a million.
		const pairs = `n AS (SELECT DISTINCT ${norm(only(located))} FROM raw_in), q AS (SELECT n.*, ${parsedCols(only([w.column]))} FROM n)`;
		await regionLookup(conn, region.name, pairs, w);
	}
	// The region column's parsed value is the resolved code, used by the key too (a file may write one village two ways).
	const keyValue = (k: string) => (k === region?.name ? `coalesce(l.code, q.${k})` : `coalesce(q.${k}_p_::VARCHAR, q.${k})`);
	const joinRegion = region ? `LEFT JOIN region_lookup l ON l.raw_code = q.${region.name} AND l.w_raw IS NOT DISTINCT FROM q.${w.column}` : '';
	// The duplicate count joins the region lookup only when the key holds the region.
	const keyRegion = region && spec.key.includes(region.name);
	await conn.run(`CREATE OR REPLACE TEMP TABLE repeated AS
		WITH ${rowsOf(only(keyRegion ? [...spec.key, ...located] : spec.key))} SELECT ${spec.key.map((k, i) => `${keyValue(k)} AS k${i}`).join(', ')}, min(q.__row) AS first
		FROM q ${keyRegion ? joinRegion : ''} GROUP BY ALL HAVING count(*) > 1`);
	const dupJoin = `LEFT JOIN repeated x ON ${spec.key.map((k, i) => `x.k${i} = ${keyValue(k)}`).join(' AND ')}`;
	// A field no column feeds is a header problem (MISSING_COLUMN) once, not an empty value at every row.
	const cols = spec.columns
		.map((col) => {
			const own = positions.has(col.name) ? cellError(col, `q.${col.name}_p_`, 'q') : 'NULL::VARCHAR';
			let e = own;
			if (col === region && col.type.t === 'region') {
				e = `CASE WHEN (${own}) IS NOT NULL THEN ${own} WHEN q.${col.name} IS NULL OR l.raw_code IS NULL THEN NULL
					WHEN l.level IS NULL THEN 'UNKNOWN_REGION' WHEN l.level NOT IN (${col.type.levels.map(lit).join(', ')}) THEN 'WRONG_REGION_LEVEL' END`;
			}
			if (col.name === spec.key[0]) e = `coalesce(${e}, CASE WHEN x.first IS NOT NULL AND q.__row > x.first THEN 'DUPLICATE_IN_FILE' END)`;
			const p = col === region ? 'l.code' : `q.${col.name}_p_`;
			// The cell as written is not kept: a problem's value is read back from raw_in by its row.
			return `${p} AS ${col.name}_p, ${e} AS e_${col.name}`;
		})
		.join(',\n\t\t');
	await conn.run(`CREATE OR REPLACE TABLE typed AS
		WITH ${rowsOf(spec.columns)}
		SELECT q.__row, ${cols}
		FROM q ${joinRegion} ${dupJoin}`);
	// Region names that matched no region, or several, are the region column's problem at their rows.
	if (region) await conn.run(`UPDATE typed SET e_${region.name} = d.code FROM derive_problems d WHERE typed.__row = d.row`);
}

export async function applyChecks(conn: DuckDBConnection, checks: ExtraCheck[]): Promise<void> {
	await conn.run('CREATE OR REPLACE TEMP TABLE check_values (row BIGINT, column_name VARCHAR, value VARCHAR)');
	for (const check of checks) {
		await conn.run(`UPDATE typed SET e_${check.column} = coalesce(e_${check.column}, '${check.code}') WHERE ${check.when}`);
		if (check.value) {
			await conn.run(`INSERT INTO check_values SELECT v.__row, '${check.column}', left(any_value(v.value), 200) FROM (${check.value}) v
				JOIN typed t USING (__row) WHERE t.e_${check.column} = '${check.code}' GROUP BY v.__row`);
		}
	}
}

/**
 * One row per problem; NIK, KK and names are never copied into it. The value shown is the cell as
 * the file wrote it (from `raw_in`, by row), or what a check says the row conflicts with.
 */
export async function collectProblems(conn: DuckDBConnection, spec: KindSpec, positions: Map<string, number>, rowOffset: number): Promise<void> {
	const personal = new Set(spec.columns.filter((col) => ['kk', 'nik', 'name'].includes(col.type.t)).map((col) => col.name));
	const cell = (name: string) => (personal.has(name) || !positions.has(name) ? 'NULL' : `(SELECT left(r.c${positions.get(name)}, 80) FROM raw_in r WHERE r.rowid = typed.__row - ${rowOffset})`);
	await conn.run(`CREATE OR REPLACE TABLE problems AS
		SELECT p.row, p.column_name, p.code, coalesce(v.value, p.value) AS value FROM (
		${spec.columns
			.map((col) => `SELECT __row AS row, '${col.name}' AS column_name, e_${col.name} AS code, ${cell(col.name)} AS value FROM typed WHERE e_${col.name} IS NOT NULL`)
			.join('\nUNION ALL ')}) p
		LEFT JOIN check_values v ON v.row = p.row AND v.column_name = p.column_name
		ORDER BY p.row, p.column_name`);
}

/**
 * `region_lookup`: each distinct raw code and date window of the file, mapped through the crosswalk
 * (old Kemendagri or BPS codes valid in the window) or given its dots back, with the level of the
 * region it names, if any region is valid in that window.
 */
async function regionLookup(conn: DuckDBConnection, name: string, pairs: string, w: ReturnType<typeof regionWindow>): Promise<void> {
	await conn.run(`CREATE OR REPLACE TEMP TABLE region_lookup AS
		WITH ${pairs}, wanted AS (
			SELECT q.${name} AS raw_code, q.${w.column} AS w_raw, ${w.from('q')} AS d_from, ${w.to('q')} AS d_to
			FROM q WHERE q.${name} IS NOT NULL AND ${w.from('q')} IS NOT NULL
		), mapped AS (
			SELECT w.*, coalesce(
				(SELECT any_value(x.to_code) FROM region_crosswalk x
					WHERE x.from_code IN (w.raw_code, replace(w.raw_code, '.', ''))
					AND x.valid_from <= w.d_to AND (x.valid_to IS NULL OR x.valid_to >= w.d_from)),
				CASE WHEN regexp_matches(w.raw_code, '^[0-9]+$') THEN ${DOTTED('w.raw_code')} ELSE w.raw_code END
			) AS code
			FROM wanted w
		)
		SELECT m.raw_code, m.w_raw, m.code, r.level
		FROM mapped m LEFT JOIN regions r
			ON r.code = m.code AND r.valid_from <= m.d_to AND (r.valid_to IS NULL OR r.valid_to >= m.d_from)`);
}

/** Percentages must lie in 0–100 and an interval must hold its value. */
export function officialChecks(): ExtraCheck[] {
	return [
		{ column: 'value', code: 'RATE_OUT_OF_RANGE', when: `indicator_p IN (${RATE_INDICATORS.map(lit).join(', ')}) AND (value_p > 100 OR ci_upper_p > 100)` },
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
