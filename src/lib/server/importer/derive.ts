import type { DuckDBConnection } from '@duckdb/node-api';
import type { KindSpec, RegionLevel } from './kinds';
import { positionsOf, type MappingReport } from './mapping';
import { TRIMMED } from './read';
import { regionColumn } from './validate';

/**
 * Fields a native export does not carry as such but allows: a region code from the region names
 * (province, regency, district, village) matched to the Kemendagri master, period and weighing
 * month from a measurement date, and a constant the user gave for every row. Each becomes one more
 * positional column of `raw_in`, so validation treats it like any other. Names that match no
 * region or several are problems of the region column at their rows (`derive_problems`).
 */

const NAME_LEVELS = [
	['village_name', 'village'],
	['district_name', 'district'],
	['regency_name', 'regency'],
	['province_name', 'province']
] as const;

/** Name key in SQL: accents, an administrative prefix ("Kab.", "Kecamatan", "Desa", …) and punctuation go. */
const nameKey = (x: string) =>
	`nullif(regexp_replace(regexp_replace(lower(strip_accents(trim(${x}))), '^(kabupaten|kab|kota|kecamatan|kec|desa|kelurahan|kel|provinsi|propinsi|prov)(\\.\\s*|\\s+)', ''), '[^a-z0-9]+', '', 'g'), '')`;
/** "Kota …" or "Kab. …" in a regency name says which of the two same-named regencies is meant. */
const regencyKind = (x: string) => `CASE WHEN regexp_matches(lower(trim(${x})), '^kota(\\.|\\s)') THEN 'kota' WHEN regexp_matches(lower(trim(${x})), '^kab(upaten)?(\\.|\\s)') THEN 'kabupaten' END`;

/** Every current region with the name keys of itself and its parents. */
const REGION_PATHS = `
	CREATE OR REPLACE TEMP TABLE region_paths AS
	WITH r AS (SELECT code, level, kind, parent_code, ${nameKey('name')} AS k FROM regions WHERE valid_to IS NULL)
	SELECT x.code, x.level,
		CASE x.level WHEN 'village' THEN x.k END AS v,
		CASE x.level WHEN 'village' THEN p1.k WHEN 'district' THEN x.k END AS d,
		CASE x.level WHEN 'village' THEN p2.k WHEN 'district' THEN p1.k WHEN 'regency' THEN x.k END AS g,
		CASE x.level WHEN 'village' THEN p2.kind WHEN 'district' THEN p1.kind WHEN 'regency' THEN x.kind END AS gkind,
		CASE x.level WHEN 'village' THEN p3.k WHEN 'district' THEN p2.k WHEN 'regency' THEN p1.k WHEN 'province' THEN x.k END AS p
	FROM r x LEFT JOIN r p1 ON p1.code = x.parent_code LEFT JOIN r p2 ON p2.code = p1.parent_code LEFT JOIN r p3 ON p3.code = p2.parent_code
	WHERE x.level IN ('village', 'district', 'regency', 'province')`;

/** Appends a VARCHAR column to `raw_in` and returns its position. */
type AddColumn = () => Promise<number>;

/** Region code from names, at the deepest level the file names (village < district < regency < province) that the column allows. */
async function regionFromNames(conn: DuckDBConnection, add: AddColumn, spec: KindSpec, report: MappingReport, positions: Map<string, number>, rowOffset: number): Promise<[string, number] | null> {
	const col = regionColumn(spec);
	if (!col || col.type.t !== 'region' || positions.has(col.name)) return null;
	const allowed: readonly RegionLevel[] = col.type.levels;
	const named = NAME_LEVELS.filter(([field]) => positions.has(field));
	const target = named.find(([, level]) => allowed.includes(level));
	if (!target) return null;
	const c = (field: string) => (positions.has(field) ? `c${positions.get(field)}` : 'NULL::VARCHAR');
	await conn.run(REGION_PATHS);
	await conn.run(`CREATE OR REPLACE TEMP TABLE name_match AS
		WITH n AS (SELECT DISTINCT ${nameKey(c('village_name'))} AS v, ${nameKey(c('district_name'))} AS d, ${nameKey(c('regency_name'))} AS g,
			${regencyKind(c('regency_name'))} AS gkind, ${nameKey(c('province_name'))} AS p FROM raw_in)
		SELECT n.*, list(x.code ORDER BY x.code) FILTER (x.code IS NOT NULL) AS codes
		FROM n LEFT JOIN region_paths x ON x.level = $1
			AND (n.v IS NULL OR x.v = n.v) AND (n.d IS NULL OR x.d = n.d) AND (n.g IS NULL OR x.g = n.g)
			AND (n.gkind IS NULL OR x.gkind = n.gkind) AND (n.p IS NULL OR x.p = n.p)
		GROUP BY ALL`, [target[1]]);
	const position = await add();
	const same = `m.v IS NOT DISTINCT FROM ${nameKey(c('village_name'))} AND m.d IS NOT DISTINCT FROM ${nameKey(c('district_name'))} AND m.g IS NOT DISTINCT FROM ${nameKey(c('regency_name'))}
		AND m.gkind IS NOT DISTINCT FROM ${regencyKind(c('regency_name'))} AND m.p IS NOT DISTINCT FROM ${nameKey(c('province_name'))}`;
	// A unique match is the code; otherwise the column shows the candidates (ambiguous) or stays empty (unknown).
	await conn.run(`UPDATE raw_in SET c${position} = CASE WHEN len(m.codes) = 1 THEN m.codes[1] WHEN len(m.codes) > 1 THEN array_to_string(m.codes[1:3], ' | ') END
		FROM name_match m WHERE ${same} AND ${target[0] === 'village_name' ? `${c('village_name')} IS NOT NULL` : 'true'}`);
	await conn.run(`CREATE OR REPLACE TEMP TABLE derive_problems AS
		SELECT raw_in.rowid + ${rowOffset} AS row, CASE WHEN coalesce(len(m.codes), 0) = 0 THEN 'REGION_NAME_UNKNOWN' ELSE 'REGION_NAME_AMBIGUOUS' END AS code
		FROM raw_in JOIN name_match m ON ${same}
		WHERE coalesce(len(m.codes), 0) <> 1 AND (m.v IS NOT NULL OR m.d IS NOT NULL OR m.g IS NOT NULL OR m.p IS NOT NULL)`);
	report.derived.push({ field: col.name, from: named.map(([field]) => field) });
	return [col.name, position];
}

/** Period and weighing month from a measurement date, when the file has the date and not them. */
async function periodFromDate(conn: DuckDBConnection, add: AddColumn, spec: KindSpec, report: MappingReport, positions: Map<string, number>, parsedDate: (x: string) => string): Promise<[string, number][]> {
	const date = positions.get('measured_date');
	if (!date || !spec.columns.some((c) => c.name === 'measured_date')) return [];
	const out: [string, number][] = [];
	for (const [field, format] of [
		['period', '%Y'],
		['round_month', '%-m']
	] as const) {
		if (positions.has(field) || field in report.constants) continue;
		const position = await add();
		await conn.run(`UPDATE raw_in SET c${position} = strftime(${parsedDate(`c${date}`)}, '${format}')`);
		report.derived.push({ field, from: ['measured_date'] });
		out.push([field, position]);
	}
	return out;
}

/** Adds the derived and constant columns to `raw_in`; returns every field's position (file columns, derived, constants). */
export async function deriveColumns(conn: DuckDBConnection, spec: KindSpec, report: MappingReport, rowOffset: number, parsedDate: (x: string) => string): Promise<Map<string, number>> {
	const positions = positionsOf(report);
	let last = report.columns.length;
	const add: AddColumn = async () => {
		last += 1;
		await conn.run(`ALTER TABLE raw_in ADD COLUMN c${last} VARCHAR`);
		return last;
	};
	await conn.run('CREATE OR REPLACE TEMP TABLE derive_problems (row BIGINT, code VARCHAR)');
	// A constant fills a field no column feeds; one the file has anyway is dropped, so the check shows what applied.
	for (const field of Object.keys(report.constants)) if (positions.has(field)) delete report.constants[field];
	for (const [field, value] of Object.entries(report.constants)) {
		const position = await add();
		await conn.run(`UPDATE raw_in SET c${position} = ${TRIMMED('$1::VARCHAR')}`, [value]);
		positions.set(field, position);
	}
	const region = await regionFromNames(conn, add, spec, report, positions, rowOffset);
	if (region) positions.set(...region);
	for (const entry of await periodFromDate(conn, add, spec, report, positions, parsedDate)) positions.set(...entry);
	return positions;
}
