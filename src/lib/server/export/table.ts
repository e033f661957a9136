import ExcelJS from 'exceljs';
import { csvCell } from '../api/serialise';
import { both, oneLine } from '../../bilingual';
import { m } from '../../paraglide/messages';

export interface ExportColumn {
	key: string;
	label: string;
	/** A link is its URL as text in CSV and a clickable cell in XLSX. */
	type: 'string' | 'number' | 'link';
	/** Decimal places kept for numbers; rates are computed at full precision. */
	digits?: number;
}

/** A table ready to download: the file carries its title, filters, source and snapshot id. */
export interface ExportTable {
	title: string;
	filters: [string, string][];
	source: string;
	method: string;
	snapshot: string;
	columns: ExportColumn[];
	rows: Record<string, unknown>[];
}

/** One column of an export; a number unless said otherwise. */
export const exportColumn = (key: string, label: string, type: ExportColumn['type'] = 'number', digits?: number): ExportColumn => ({ key, label, type, digits });

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function header(t: ExportTable): [string, string][] {
	return [
		[oneLine(both(m.export_title)), t.title],
		...t.filters,
		[oneLine(both(m.source)), t.source],
		[oneLine(both(m.method)), t.method],
		['Snapshot', t.snapshot]
	];
}

/** Same rule as CSV cells: text a spreadsheet would run as a formula gets a leading apostrophe. */
export const safeText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

function numberOrNull(v: unknown, digits = 0): number | null {
	if (typeof v !== 'number' || !Number.isFinite(v)) return null;
	const f = 10 ** digits;
	return Math.round(v * f) / f;
}

export function toCsvFile(t: ExportTable): string {
	const lines = header(t).map(([k, v]) => `${csvCell(k)},${csvCell(v)}`);
	lines.push('', t.columns.map((c) => csvCell(c.label)).join(','));
	for (const r of t.rows) lines.push(t.columns.map((c) => csvCell(c.type === 'number' ? numberOrNull(r[c.key], c.digits) : r[c.key])).join(','));
	// BOM so spreadsheet programs read the UTF-8 names correctly
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export async function toXlsxFile(t: ExportTable): Promise<Uint8Array<ArrayBuffer>> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Tepat';
	const ws = wb.addWorksheet('Data');
	for (const [k, v] of header(t)) ws.addRow([safeText(k), safeText(v)]);
	ws.getRow(1).font = { bold: true };
	ws.addRow([]);
	const head = ws.addRow(t.columns.map((c) => safeText(c.label)));
	head.font = { bold: true };
	for (const r of t.rows) {
		ws.addRow(
			t.columns.map((c) => {
				const v = r[c.key];
				if (c.type === 'number') return numberOrNull(v, c.digits);
				if (v === null || v === undefined) return null;
				return c.type === 'link' ? { text: String(v), hyperlink: String(v) } : safeText(String(v));
			})
		);
	}
	t.columns.forEach((c, i) => {
		const column = ws.getColumn(i + 1);
		column.width = c.type === 'number' ? 16 : 28;
		if (c.digits) column.numFmt = `0.${'0'.repeat(c.digits)}`;
	});
	const buf = await wb.xlsx.writeBuffer();
	return new Uint8Array(buf as ArrayBuffer);
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

/** A download response; `name` is a file stem made of safe characters only. */
export async function exportResponse(t: ExportTable, format: ExportFormat, name: string): Promise<Response> {
	const stem = name.replace(/[^A-Za-z0-9._-]/g, '_');
	const body = format === 'csv' ? toCsvFile(t) : await toXlsxFile(t);
	return new Response(body, {
		headers: { 'content-type': CONTENT_TYPE[format], 'content-disposition': `attachment; filename="${stem}.${format}"` }
	});
}
