import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Locale } from '../../format';

/**
 * Downloads people open in a spreadsheet: an XLSX with the data on one sheet and what it means on a second, and a
 * CSV that Excel opens as it stands. Indonesian Excel (id-ID regional settings) splits a CSV at `;` and reads `,` as
 * the decimal mark, so the `id` file uses both; the `en` file uses `,` and `.`. Both start with a UTF-8 BOM (so
 * names keep their letters) and hold nothing but the table: no `#` comment lines that a spreadsheet would show as
 * data. The metadata lives on the XLSX's second sheet and on the page the file is linked from.
 */

export interface SheetColumn {
	key: string;
	label: string;
	type: 'text' | 'number';
	/** Decimal places written (the source's own precision); all of them when absent. */
	decimals?: number;
	/** What the column means, for the second sheet. */
	about?: string;
}

export interface Sheet {
	/** File name stem: letters, digits, `.`, `_` and `-` only. */
	name: string;
	title: string;
	columns: SheetColumn[];
	/** A `null` number was hidden (suppressed); `undefined` means there is no figure. */
	rows: Record<string, unknown>[];
	/** Label and text, on the second sheet: source, method, period, snapshot, how hidden cells are marked. */
	notes: [string, string][];
	/** Header row: column keys (machine-readable open data) or labels (files for people). */
	header: 'key' | 'label';
	/** Written in a hidden cell; empty when not given. */
	hidden?: string;
}

export const SHEET_FORMATS = ['csv', 'xlsx'] as const;
export type SheetFormat = (typeof SHEET_FORMATS)[number];

const SEPARATOR: Record<Locale, string> = { id: ';', en: ',' };

/** A spreadsheet would run text starting with these as a formula: it gets a leading apostrophe. */
const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * A number as it was meant, without binary floating-point residue (a stored 1.05 reads 1.0499999999999998): 15
 * significant digits, which every double holds exactly, so counts and Rupiah totals keep all their digits.
 */
const tidy = (v: number) => (Number.isInteger(v) ? v : Number(v.toPrecision(15)));

function numberText(v: number, decimals: number | undefined, lang: Locale): string {
	const plain = decimals === undefined ? String(tidy(v)) : v.toFixed(decimals);
	return lang === 'id' ? plain.replace('.', ',') : plain;
}

function csvField(v: unknown, column: SheetColumn, sheet: Sheet, lang: Locale): string {
	let s: string;
	if (v === undefined) s = '';
	else if (v === null) s = column.type === 'number' ? (sheet.hidden ?? '') : '';
	else if (column.type === 'number' && typeof v === 'number' && Number.isFinite(v)) return numberText(v, column.decimals, lang);
	else s = guard(String(v));
	return /["\n\r,;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function sheetCsv(sheet: Sheet, lang: Locale): string {
	const sep = SEPARATOR[lang];
	const head = sheet.columns.map((c) => csvField(sheet.header === 'key' ? c.key : c.label, { ...c, type: 'text' }, sheet, lang)).join(sep);
	const lines = sheet.rows.map((r) => sheet.columns.map((c) => csvField(r[c.key], c, sheet, lang)).join(sep));
	return '\ufeff' + [head, ...lines].join('\r\n') + '\r\n';
}

/** The XLSX, written as a stream (half the time of a workbook built in memory: the open-data table has 39,000 rows). */
export async function sheetXlsx(sheet: Sheet, lang: Locale): Promise<Uint8Array<ArrayBuffer>> {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c: Buffer) => chunks.push(c));
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
	wb.creator = 'Tepat';
	const data = wb.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
	data.columns = sheet.columns.map((c) => ({
		width: c.type === 'number' ? 16 : 28,
		...(c.type === 'number' && c.decimals !== undefined ? { style: { numFmt: c.decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(c.decimals)}` } } : {})
	}));
	data.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
	const head = data.addRow(sheet.columns.map((c) => guard(sheet.header === 'key' ? c.key : c.label)));
	head.font = { bold: true };
	head.commit();
	for (const r of sheet.rows) {
		const row = data.addRow(
			sheet.columns.map((c) => {
				const v = r[c.key];
				if (v === undefined) return null;
				if (v === null) return c.type === 'number' && sheet.hidden ? sheet.hidden : null;
				return c.type === 'number' && typeof v === 'number' ? tidy(v) : guard(String(v));
			})
		);
		sheet.columns.forEach((c, i) => {
			if (c.type === 'number' && r[c.key] === null && sheet.hidden) row.getCell(i + 1).font = { italic: true, color: { argb: 'FF666666' } };
		});
		row.commit();
	}
	data.commit();

	const about = wb.addWorksheet(lang === 'id' ? 'Keterangan' : 'About');
	about.columns = [{ width: 26 }, { width: 40 }, { width: 80 }];
	about.addRow([guard(sheet.title)]).font = { bold: true, size: 13 };
	about.addRow([]);
	for (const [k, v] of sheet.notes) about.addRow([guard(k), guard(v)]);
	about.addRow([]);
	about.addRow(lang === 'id' ? ['Kolom', 'Judul', 'Arti'] : ['Column', 'Heading', 'Meaning']).font = { bold: true };
	for (const c of sheet.columns) about.addRow([c.key, guard(c.label), guard(c.about ?? '')]);
	about.commit();
	await wb.commit();
	const buf = Buffer.concat(chunks);
	return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
}

const CONTENT_TYPE: Record<SheetFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

export interface SheetFile {
	body: string | Uint8Array<ArrayBuffer>;
	type: string;
	filename: string;
}

export async function sheetFile(sheet: Sheet, format: SheetFormat, lang: Locale): Promise<SheetFile> {
	const body = format === 'csv' ? sheetCsv(sheet, lang) : await sheetXlsx(sheet, lang);
	return { body, type: CONTENT_TYPE[format], filename: `${sheet.name.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}` };
}

/** The download; `headers` are added (the cache headers of a public answer). */
export function fileResponse(file: SheetFile, headers: Record<string, string> = {}): Response {
	return new Response(file.body, { headers: { ...headers, 'content-type': file.type, 'content-disposition': `attachment; filename="${file.filename}"` } });
}

export async function sheetResponse(sheet: Sheet, format: SheetFormat, lang: Locale, headers: Record<string, string> = {}): Promise<Response> {
	return fileResponse(await sheetFile(sheet, format, lang), headers);
}
