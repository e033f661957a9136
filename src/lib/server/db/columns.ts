import duckdb from '@duckdb/node-bindings';
import { DuckDBTypeId, type DuckDBMaterializedResult } from '@duckdb/node-api';

/**
 * A query result read as columns: numbers straight from DuckDB's vectors into one typed array per
 * column (with an Arrow-style validity bitmap), text as one array of strings. No JS object per row.
 */
export type Column =
	| { kind: 'float64'; values: Float64Array; valid: Uint8Array | null; nullCount: number }
	| { kind: 'int32'; values: Int32Array; valid: Uint8Array | null; nullCount: number }
	| { kind: 'int64'; values: BigInt64Array; valid: Uint8Array | null; nullCount: number }
	| { kind: 'text'; values: (string | null)[]; valid: null; nullCount: number };

export type NumericColumn = Exclude<Column, { kind: 'text' }>;

export interface Columns {
	length: number;
	columns: Record<string, Column>;
}

const TYPED = {
	[DuckDBTypeId.DOUBLE]: { kind: 'float64', make: (n: number) => new Float64Array(n), width: 8 },
	[DuckDBTypeId.INTEGER]: { kind: 'int32', make: (n: number) => new Int32Array(n), width: 4 },
	[DuckDBTypeId.BIGINT]: { kind: 'int64', make: (n: number) => new BigInt64Array(n), width: 8 }
} as const;
type TypedId = keyof typeof TYPED;

const isTyped = (id: DuckDBTypeId): id is TypedId => id in TYPED;

/** Sets bits [at, at + n) of `out` from DuckDB's validity mask (64-bit words, least significant bit first: Arrow's order). */
function copyValidity(out: Uint8Array, at: number, mask: Uint8Array, n: number): number {
	let nulls = 0;
	if (at % 8 === 0) {
		const bytes = n >> 3;
		out.set(mask.subarray(0, bytes), at >> 3);
		for (let b = 0; b < bytes; b++) nulls += 8 - popcount(mask[b]!);
		for (let i = bytes * 8; i < n; i++) nulls += setBit(out, at + i, (mask[i >> 3]! >> (i & 7)) & 1);
		return nulls;
	}
	for (let i = 0; i < n; i++) nulls += setBit(out, at + i, (mask[i >> 3]! >> (i & 7)) & 1);
	return nulls;
}

function setBit(out: Uint8Array, i: number, bit: number): number {
	if (bit) out[i >> 3]! |= 1 << (i & 7);
	return bit ^ 1;
}

function popcount(b: number): number {
	let n = 0;
	for (let x = b; x; x &= x - 1) n++;
	return n;
}

/**
 * Reads every column of a materialised result. DOUBLE, INTEGER and BIGINT columns are copied chunk
 * by chunk from the vectors' own memory; VARCHAR comes back as strings; other types are refused
 * (cast them in SQL).
 */
export function readColumns(result: DuckDBMaterializedResult): Columns {
	const length = result.rowCount;
	const names = result.columnNames();
	const columns: Record<string, Column> = {};
	names.forEach((name, c) => {
		const id = result.columnTypeId(c);
		if (id === DuckDBTypeId.VARCHAR) {
			const values: (string | null)[] = [];
			for (let k = 0; k < result.chunkCount; k++) {
				const vector = result.getChunk(k).getColumnVector(c);
				for (let i = 0; i < vector.itemCount; i++) values.push(vector.getItem(i) as string | null);
			}
			columns[name] = { kind: 'text', values, valid: null, nullCount: values.filter((v) => v === null).length };
			return;
		}
		if (!isTyped(id)) throw new Error(`column ${name}: type ${DuckDBTypeId[id]} is not read as a column; cast it to DOUBLE, INTEGER, BIGINT or VARCHAR`);
		const spec = TYPED[id];
		const values = spec.make(length);
		const bytes = new Uint8Array(values.buffer);
		let valid: Uint8Array | null = null;
		let nullCount = 0;
		let at = 0;
		for (let k = 0; k < result.chunkCount; k++) {
			const chunk = result.getChunk(k);
			const n = chunk.rowCount;
			const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
			bytes.set(duckdb.vector_get_data(vector, n * spec.width), at * spec.width);
			const mask = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
			if (mask) {
				if (!valid) {
					valid = new Uint8Array(Math.ceil(length / 8));
					// Rows before the first chunk with a mask are all valid.
					for (let i = 0; i < at; i++) setBit(valid, i, 1);
				}
				nullCount += copyValidity(valid, at, mask, n);
			} else if (valid) for (let i = 0; i < n; i++) setBit(valid, at + i, 1);
			at += n;
		}
		// A null's slot holds whatever DuckDB left there: zero it, so equal answers are equal bytes (and compress alike).
		if (valid && nullCount > 0) for (let i = 0; i < length; i++) if (((valid[i >> 3]! >> (i & 7)) & 1) === 0) values[i] = typeof values[i] === 'bigint' ? 0n : 0;
		columns[name] = { kind: spec.kind, values, valid: nullCount > 0 ? valid : null, nullCount } as Column;
	});
	return { length, columns };
}

/** Whether row `i` of a numeric column holds a value. */
export const isValid = (c: { valid: Uint8Array | null }, i: number) => c.valid === null || ((c.valid[i >> 3]! >> (i & 7)) & 1) === 1;
