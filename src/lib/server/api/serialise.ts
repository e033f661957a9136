import { codeDigits } from '../../region-code';
import { arrowStream, encodeText, narrowNumbers, numberColumn, plainText, type ArrowColumn } from './arrow';

export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

/** `code` columns go out as Int64 digits when every cell is a region code (see region-code.ts). */
export type Column = { name: string; type: 'code' | 'string' | 'number' };

/** The columns of a `values` answer in Arrow. */
export const VALUE_COLUMNS: Column[] = [
	{ name: 'code', type: 'code' },
	{ name: 'name', type: 'string' },
	{ name: 'value', type: 'number' }
];

/** A `values` answer without names (`names=0`). */
export const CODE_VALUE_COLUMNS = VALUE_COLUMNS.filter((c) => c.name !== 'name');

function arrowColumn(c: Column, cells: unknown[]): ArrowColumn {
	if (c.type === 'number') return { name: c.name, kind: 'number', column: narrowNumbers(numberColumn(cells as (number | null)[])) };
	if (c.type === 'string') return { name: c.name, kind: 'text', text: encodeText(cells as (string | null)[]) };
	const digits = (cells as (string | null)[]).map((code) => (code === null ? null : codeDigits(code)));
	if (digits.every((d) => d !== null)) return { name: c.name, kind: 'int64', values: BigInt64Array.from(digits) };
	return { name: c.name, kind: 'text', text: plainText(cells as (string | null)[]) };
}

/**
 * Rows as an Arrow IPC stream in the values answers' wire format (the server builds those from
 * columns, indicators/answer.ts); figure metadata (unit, period, source, method) rides in the schema metadata.
 */
export function toArrow(rows: readonly object[], columns: Column[], metadata: Record<string, string>): Uint8Array<ArrayBuffer> {
	const arrow = columns.map((c) => arrowColumn(c, rows.map((r) => (r as Record<string, unknown>)[c.name] ?? null)));
	return arrowStream(arrow, rows.length, metadata)[0] as Uint8Array<ArrayBuffer>;
}

/** Cells that a spreadsheet would run as a formula are prefixed with an apostrophe. */
export function csvCell(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	let s = String(v);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\n\r;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: Record<string, unknown>[], columns: string[], preamble: string[] = []): string {
	const lines = [...preamble.map((p) => `# ${p.replaceAll('\n', ' ')}`), columns.join(',')];
	for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
	return lines.join('\n') + '\n';
}
