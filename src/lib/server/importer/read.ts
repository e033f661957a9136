import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { quoteLiteral } from '../db';
import { checkTabularSize, checkXlsx } from './bounds';
import { LIMITS } from './limits';
import { ImportError } from './messages';

export type FileFormat = 'csv' | 'xlsx' | 'parquet';

/** Upload names are plain file names: no folders, no `..`, a known extension. */
export function checkFileName(name: string): FileFormat {
	const m = /^[A-Za-z0-9][A-Za-z0-9 _.()-]{0,150}\.(csv|xlsx|parquet)$/i.exec(name);
	if (!m || name.includes('..') || path.basename(name) !== name) throw new ImportError('BAD_FILE_NAME');
	return (m[1] ?? '').toLowerCase() as FileFormat;
}

const positional = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1} VARCHAR`).join(', ');

/** A cell as validation reads it: surrounding spaces dropped, an empty cell NULL. */
export const TRIMMED = (x: string) => `nullif(trim(${x}), '')`;

/** A spreadsheet cell as the text a person typed; numbers too long for a double show as Excel displays them. */
function cellText(cell: ExcelJS.Cell): string | null {
	const value = cell.value;
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Math.abs(value) >= 1e15 ? value.toExponential(5).toUpperCase() : String(value);
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object' && 'formula' in value) return `=${value.formula}`;
	if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
	return cell.text;
}

/**
 * The first sheet, streamed row by row (the workbook is never held whole in memory) after
 * `checkXlsx` bounded the file. Rows the sheet skips (empty rows) are appended empty, so each row
 * keeps the number the spreadsheet shows.
 */
async function readXlsx(conn: DuckDBConnection, file: string): Promise<string[]> {
	await checkXlsx(file);
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
	let headers: string[] | null = null;
	let appender: Awaited<ReturnType<DuckDBConnection['createAppender']>> | null = null;
	let next = 2;
	const append = (row: ExcelJS.Row | null) => {
		for (let i = 1; i <= (headers?.length ?? 0); i++) {
			const text = row ? cellText(row.getCell(i)) : null;
			if (text === null) appender?.appendNull();
			else appender?.appendVarchar(text);
		}
		appender?.endRow();
	};
	try {
		for await (const sheet of reader) {
			if (headers) {
				// Only the first sheet is read. The others are drained, not skipped: exceljs parks a sheet that comes
				// before the shared strings in a temp file, and an unread one was deleted under its pending read (ENOENT).
				for await (const row of sheet) void row;
				continue;
			}
			for await (const row of sheet) {
				if (row.number === 1) {
					headers = (row.values as unknown[]).slice(1).map((h) => (h === null || h === undefined ? '' : String(h)));
					if (headers.length > LIMITS.columns) throw new ImportError('TOO_MANY_COLUMNS', String(headers.length));
					await conn.run(`CREATE OR REPLACE TABLE raw_in (${positional(headers.length)})`);
					appender = await conn.createAppender('raw_in');
					continue;
				}
				if (!appender || row.number > LIMITS.xlsxRows + 1) throw new ImportError(appender ? 'XLSX_TOO_MANY_ROWS' : 'EMPTY_FILE');
				for (; next < row.number; next++) append(null);
				append(row);
				next = row.number + 1;
			}
			headers ??= [];
		}
	} catch (err) {
		throw err instanceof ImportError ? err : new ImportError('FILE_UNREADABLE');
	} finally {
		appender?.closeSync();
	}
	if (!headers || !appender) throw new ImportError('EMPTY_FILE');
	if (headers.length) await conn.run(`UPDATE raw_in SET ${headers.map((_, i) => `c${i + 1} = ${TRIMMED(`c${i + 1}`)}`).join(', ')}`);
	return headers;
}

/** A CSV error names its line; the line's content (which may hold a NIK) is never passed on. */
function csvError(err: unknown): ImportError {
	const line = /line[: ]+(\d+)/i.exec(err instanceof Error ? err.message : '');
	return new ImportError('CSV_MALFORMED', line ? `line ${line[1]}` : '');
}

export interface RawFile {
	/** Header names as written in the file. */
	headers: string[];
	/** Semicolon-separated: written by a spreadsheet in an Indonesian locale, whose decimal mark is `,`. */
	decimalComma: boolean;
}

/** The delimiter DuckDB's sniffer found; a semicolon means an Indonesian-locale export. */
async function semicolonSeparated(conn: DuckDBConnection, file: string): Promise<boolean> {
	try {
		const sniffed = await conn.runAndReadAll(`SELECT Delimiter FROM sniff_csv(${quoteLiteral(file)})`);
		return String(sniffed.getRows()[0]?.[0] ?? '') === ';';
	} catch {
		return false;
	}
}

/**
 * Loads the file into `raw_in` (every column VARCHAR, named c1…cN by position, insertion order =
 * file order, cells trimmed and empty ones NULL) and returns the header names as written in the file.
 */
export async function readIntoRaw(conn: DuckDBConnection, file: string, format: FileFormat): Promise<RawFile> {
	if (format === 'xlsx') return { headers: await readXlsx(conn, file), decimalComma: false };
	checkTabularSize(file);
	if (format === 'parquet') await checkParquetRows(conn, file);
	const source =
		format === 'csv'
			? `read_csv(${quoteLiteral(file)}, header = true, all_varchar = true, auto_detect = true, strict_mode = true, null_padding = false, encoding = 'utf-8')`
			: `read_parquet(${quoteLiteral(file)})`;
	let headers: string[];
	try {
		const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
		headers = described.getRows().map((r) => String(r[0]));
	} catch (err) {
		throw format === 'csv' ? csvError(err) : new ImportError('FILE_UNREADABLE');
	}
	if (headers.length > LIMITS.columns) throw new ImportError('TOO_MANY_COLUMNS', String(headers.length));
	await conn.run(`CREATE OR REPLACE TABLE raw_in (${positional(headers.length)})`);
	// One row past the limit is enough to refuse, and nothing beyond it is loaded. A CSV row takes at least one
	// byte per column (its delimiters and line end), so a file too small to exceed the limit is read without the
	// LIMIT, which would hold the parallel reader to file order (a third of the read of 1 M rows).
	const bounded = format === 'csv' && fs.statSync(file).size / Math.max(headers.length, 1) + 1 <= LIMITS.rows;
	try {
		// Cells are trimmed and empty ones made NULL once, here, while the file is read: every later pass reads them as they are.
		await conn.run(`INSERT INTO raw_in SELECT ${TRIMMED('COLUMNS(*)::VARCHAR')} FROM ${source}${bounded ? '' : ` LIMIT ${LIMITS.rows + 1}`}`);
	} catch (err) {
		throw format === 'csv' ? csvError(err) : new ImportError('FILE_UNREADABLE');
	}
	const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM raw_in')).getRows()[0]?.[0] ?? 0);
	if (rows > LIMITS.rows) throw new ImportError('TOO_MANY_ROWS');
	return { headers, decimalComma: format === 'csv' && (await semicolonSeparated(conn, file)) };
}

/** A Parquet file states its row count in its footer: a tiny file of a billion repeated values is refused unread. */
async function checkParquetRows(conn: DuckDBConnection, file: string): Promise<void> {
	let rows: number;
	try {
		rows = Number((await conn.runAndReadAll(`SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(${quoteLiteral(file)})`)).getRows()[0]?.[0] ?? 0);
	} catch {
		throw new ImportError('FILE_UNREADABLE');
	}
	if (rows > LIMITS.rows) throw new ImportError('TOO_MANY_ROWS', String(rows));
}
