import { Dictionary, Table, tableToIPC, vectorFromArray, Float64, Int32, Int64, Uint8, Uint16, Utf8, type Vector } from 'apache-arrow';
import { codeDigits } from '../../region-code';

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
/** For a map that holds the view's codes already (`codes=` matched): the values alone, in code order. */
export const ONLY_VALUE_COLUMNS = VALUE_COLUMNS.filter((c) => c.name === 'value');

const INT32 = 2 ** 31;

function codeVector(cells: (string | null)[]): Vector {
	const digits = cells.map((c) => (c === null ? null : codeDigits(c)));
	return digits.every((d) => d !== null) ? vectorFromArray(digits, new Int64()) : vectorFromArray(cells, new Utf8());
}

/** Counts go out as Int32 (half the bytes of a double, still exact); anything with a fraction as Float64. */
function numberVector(cells: (number | null)[]): Vector {
	const whole = cells.every((v) => v === null || (Number.isInteger(v) && v >= -INT32 && v < INT32));
	return vectorFromArray(cells, whole ? new Int32() : new Float64());
}

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Text as Utf8, or dictionary-encoded when that is smaller: village names repeat across the country
 * (63,723 distinct names for 83,762 villages), so each distinct name goes once with a two-byte key per row.
 */
function textVector(cells: (string | null)[]): Vector {
	const distinct = new Set<string>();
	let plain = 0;
	for (const c of cells) {
		if (c === null) continue;
		distinct.add(c);
		plain += utf8Length(c) + 4;
	}
	const keyBytes = distinct.size <= 2 ** 8 ? 1 : distinct.size <= 2 ** 16 ? 2 : 0;
	let dictionary = cells.length * keyBytes;
	for (const d of distinct) dictionary += utf8Length(d) + 4;
	if (!keyBytes || dictionary >= plain) return vectorFromArray(cells, new Utf8());
	return vectorFromArray(cells, new Dictionary(new Utf8(), keyBytes === 1 ? new Uint8() : new Uint16()));
}

/** Arrow IPC stream; figure metadata (unit, period, source, method) rides in the schema metadata. */
export function toArrow(rows: readonly object[], columns: Column[], metadata: Record<string, string>): Uint8Array<ArrayBuffer> {
	const vectors = Object.fromEntries(
		columns.map((c) => {
			const cells = rows.map((r) => (r as Record<string, unknown>)[c.name] ?? null);
			if (c.type === 'number') return [c.name, numberVector(cells as (number | null)[])];
			if (c.type === 'code') return [c.name, codeVector(cells as (string | null)[])];
			return [c.name, textVector(cells as (string | null)[])];
		})
	);
	const table = new Table(vectors);
	for (const [k, v] of Object.entries(metadata)) table.schema.metadata.set(k, v);
	return tableToIPC(table, 'stream') as Uint8Array<ArrayBuffer>;
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
