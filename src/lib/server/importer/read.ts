import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { quoteLiteral } from '../db';
import { ImportError } from './messages';

export type FileFormat = 'csv' | 'xlsx' | 'parquet';

/** Upload names are plain file names: no folders, no `..`, a known extension. */
export function checkFileName(name: string): FileFormat {
	const m = /^[A-Za-z0-9][A-Za-z0-9 _.()-]{0,150}\.(csv|xlsx|parquet)$/i.exec(name);
	if (!m || name.includes('..') || path.basename(name) !== name) throw new ImportError('BAD_FILE_NAME');
	return (m[1] ?? '').toLowerCase() as FileFormat;
}

const positional = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1} VARCHAR`).join(', ');

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

async function readXlsx(conn: DuckDBConnection, file: string): Promise<string[]> {
	const book = new ExcelJS.Workbook();
	try {
		await book.xlsx.readFile(file);
	} catch {
		throw new ImportError('FILE_UNREADABLE');
	}
	const sheet = book.worksheets[0];
	if (!sheet) throw new ImportError('EMPTY_FILE');
	const headers = (sheet.getRow(1).values as unknown[]).slice(1).map((h) => (h === null || h === undefined ? '' : String(h)));
	await conn.run(`CREATE OR REPLACE TABLE raw_in (${positional(headers.length)})`);
	const appender = await conn.createAppender('raw_in');
	for (let r = 2; r <= sheet.rowCount; r++) {
		const row = sheet.getRow(r);
		for (let i = 1; i <= headers.length; i++) {
			const text = cellText(row.getCell(i));
			if (text === null) appender.appendNull();
			else appender.appendVarchar(text);
		}
		appender.endRow();
	}
	appender.closeSync();
	return headers;
}

/** A CSV error names its line; the line's content (which may hold a NIK) is never passed on. */
function csvError(err: unknown): ImportError {
	const line = /line[: ]+(\d+)/i.exec(err instanceof Error ? err.message : '');
	return new ImportError('CSV_MALFORMED', line ? `line ${line[1]}` : '');
}

/**
 * Loads the file into `raw_in` (every column VARCHAR, named c1…cN by position, insertion order =
 * file order) and returns the header names as written in the file.
 */
export async function readIntoRaw(conn: DuckDBConnection, file: string, format: FileFormat): Promise<string[]> {
	if (format === 'xlsx') return readXlsx(conn, file);
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
	await conn.run(`CREATE OR REPLACE TABLE raw_in (${positional(headers.length)})`);
	try {
		await conn.run(`INSERT INTO raw_in SELECT * FROM ${source}`);
	} catch (err) {
		throw format === 'csv' ? csvError(err) : new ImportError('FILE_UNREADABLE');
	}
	return headers;
}
