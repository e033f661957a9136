import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { OFFICIAL_INDICATORS } from './kinds';
import { ImportError } from './messages';

/**
 * Methods are declared, never inferred from wording. An official figure joins its series with the
 * series' method — the stored figure of the same period, else the nearest earlier one, else the
 * nearest later one — unless a method change is declared for that series from a year on: by the
 * file (`method_since`) or by the user (`--method-change`, the page's answer). A wording that
 * differs from the series' becomes a question in the whole-file check (same method, or a real
 * break?); left unanswered it is the same method, so no break appears by accident.
 */
export interface MethodChange {
	region: string;
	indicator: string;
	/** First year of the new method. */
	from: number;
}

export interface MethodQuestion {
	region: string;
	indicator: string;
	periods: number[];
	/** The wording in the file and the series' stored wording. */
	file: string;
	stored: string;
	/** The year a method change was declared from, or null: the figures keep the stored method. */
	declared: number | null;
}

const changeSchema = z.object({
	region: z.string().regex(/^(ID|\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)$/),
	indicator: z.enum(OFFICIAL_INDICATORS as [string, ...string[]]),
	from: z.coerce.number().int().min(2000).max(2100)
});

/** `64.02:poverty_rate:2024` (the command line's form) or a parsed object; anything else is BAD_METHOD_CHANGE. */
export function parseMethodChange(value: string | MethodChange): MethodChange {
	const raw = typeof value === 'string' ? (([region, indicator, from]) => ({ region, indicator, from }))(value.split(':')) : value;
	const parsed = changeSchema.safeParse(raw);
	if (!parsed.success) throw new ImportError('BAD_METHOD_CHANGE', String(typeof value === 'string' ? value : value.region).replace(/[^\w.:]/g, '').slice(0, 40));
	return parsed.data;
}

const KEY = (x: string) => `regexp_replace(lower(strip_accents(${x})), '[^a-z0-9]+', '', 'g')`;

/** Per row of `clean`: the series' method and the year a change is declared from (file or user). */
async function seriesMethods(conn: DuckDBConnection, changes: MethodChange[]): Promise<void> {
	await conn.run('CREATE OR REPLACE TEMP TABLE method_changes (region VARCHAR, indicator VARCHAR, from_year INTEGER)');
	for (const c of changes) await conn.run('INSERT INTO method_changes VALUES ($1, $2, $3)', [c.region, c.indicator, c.from]);
	await conn.run(`CREATE OR REPLACE TEMP TABLE method_series AS
		WITH declared AS (
			SELECT region_code, indicator, min(method_since)::INTEGER AS from_year FROM clean WHERE method_since IS NOT NULL GROUP BY ALL
			UNION ALL SELECT region, indicator, from_year FROM method_changes
		), series AS (
			SELECT c.__row, c.region_code, c.indicator, c.period::INTEGER AS period, c.method AS file_method, o.method AS stored
			FROM clean c LEFT JOIN official_indicators o ON o.region_code = c.region_code AND o.indicator = c.indicator
			QUALIFY row_number() OVER (PARTITION BY c.__row ORDER BY o.period = c.period DESC, o.period < c.period DESC, abs(o.period - c.period), o.period) = 1
		)
		SELECT s.*, (SELECT min(d.from_year) FROM declared d WHERE d.region_code = s.region_code AND d.indicator = s.indicator) AS declared
		FROM series s`);
}

/** The check's questions: every series whose file wording differs from its stored method. */
export async function methodQuestions(conn: DuckDBConnection, changes: MethodChange[]): Promise<MethodQuestion[]> {
	await seriesMethods(conn, changes);
	const rows = await conn.runAndReadAll(`
		SELECT region_code AS region, indicator, list(DISTINCT period ORDER BY period) AS periods, file_method AS file, stored, any_value(declared) AS declared
		FROM method_series WHERE stored IS NOT NULL AND ${KEY('file_method')} <> ${KEY('stored')}
		GROUP BY region_code, indicator, file_method, stored ORDER BY region_code, indicator, file_method`);
	return rows.getRowObjectsJS().map((r) => ({
		region: String(r.region),
		indicator: String(r.indicator),
		periods: (r.periods as unknown[]).map(Number),
		file: String(r.file),
		stored: String(r.stored),
		declared: r.declared === null ? null : Number(r.declared)
	}));
}

/**
 * Gives every figure its series' method unless a change is declared from its year or earlier: the
 * stored wording is kept even where the file's differs only in spelling, so segments stay whole.
 */
export async function applyMethods(conn: DuckDBConnection): Promise<void> {
	await conn.run(`UPDATE clean SET method = s.stored FROM method_series s
		WHERE clean.__row = s.__row AND s.stored IS NOT NULL AND (s.declared IS NULL OR s.period < s.declared)`);
}
