import { Table, tableToIPC, vectorFromArray, Float64, Utf8 } from 'apache-arrow';

export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

export type Column = { name: string; type: 'string' | 'number' };

/** Arrow IPC stream; figure metadata (unit, period, source, method) rides in the schema metadata. */
export function toArrow(rows: Record<string, unknown>[], columns: Column[], metadata: Record<string, string>): Uint8Array<ArrayBuffer> {
	const vectors = Object.fromEntries(
		columns.map((c) => [
			c.name,
			c.type === 'number'
				? vectorFromArray(rows.map((r) => (r[c.name] as number | null) ?? null), new Float64())
				: vectorFromArray(rows.map((r) => (r[c.name] as string | null) ?? null), new Utf8())
		])
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
