import {
	Dictionary,
	Field,
	Float64,
	Int32,
	Int64,
	makeData,
	makeVector,
	Message,
	MessageHeader,
	RecordBatch,
	Schema,
	Struct,
	Table,
	tableToIPC,
	Uint16,
	Uint8,
	Utf8,
	type Data,
	type DataType
} from 'apache-arrow';
import { isValid, type NumericColumn } from '../db/columns';
import type { SharedPart } from './encoding';

/**
 * Arrow IPC streams built from columns: typed arrays go into Arrow's buffers as they are, with no JS
 * object per row. The wire format of `/api/v1/values`: region codes as Int64 digits, counts as Int32
 * and anything with a fraction as Float64, text dictionary-encoded when that is smaller.
 */

/** Text as Arrow buffers: plain Utf8, or a dictionary of distinct words and one key per row. */
export type EncodedText =
	| { dictionary: null; offsets: Int32Array; bytes: Uint8Array; valid: Uint8Array | null; nullCount: number }
	| { dictionary: { offsets: Int32Array; bytes: Uint8Array }; keys: Uint8Array | Uint16Array; valid: Uint8Array | null; nullCount: number };

export type ArrowColumn =
	| { name: string; kind: 'int64'; values: BigInt64Array }
	| { name: string; kind: 'text'; text: EncodedText }
	| { name: string; kind: 'number'; column: NumericColumn };

const utf8 = new TextEncoder();
const INT32 = 2 ** 31;

/** Offsets and bytes of `words` as one Utf8 buffer. */
function utf8Buffers(words: readonly (string | null)[]): { offsets: Int32Array; bytes: Uint8Array } {
	const encoded = words.map((w) => (w === null ? null : utf8.encode(w)));
	const offsets = new Int32Array(words.length + 1);
	let at = 0;
	encoded.forEach((e, i) => {
		at += e?.byteLength ?? 0;
		offsets[i + 1] = at;
	});
	const bytes = new Uint8Array(at);
	encoded.forEach((e, i) => e && bytes.set(e, offsets[i]!));
	return { offsets, bytes };
}

function validity(cells: readonly (string | null)[]): { valid: Uint8Array | null; nullCount: number } {
	const nullCount = cells.reduce((n, c) => n + (c === null ? 1 : 0), 0);
	if (nullCount === 0) return { valid: null, nullCount };
	const valid = new Uint8Array(Math.ceil(cells.length / 8));
	cells.forEach((c, i) => c !== null && (valid[i >> 3]! |= 1 << (i & 7)));
	return { valid, nullCount };
}

/**
 * Text as Utf8, or dictionary-encoded when that is smaller: village names repeat across the country
 * (63,723 distinct names for 83,762 villages), so each distinct name goes once with a key per row.
 * Words keep the order in which they first appear.
 */
export function encodeText(cells: readonly (string | null)[]): EncodedText {
	const { valid, nullCount } = validity(cells);
	const index = new Map<string, number>();
	let plain = 0;
	for (const c of cells) {
		if (c === null) continue;
		plain += Buffer.byteLength(c, 'utf8') + 4;
		if (!index.has(c)) index.set(c, index.size);
	}
	const keyBytes = index.size <= 2 ** 8 ? 1 : index.size <= 2 ** 16 ? 2 : 0;
	let dictionary = cells.length * keyBytes;
	for (const w of index.keys()) dictionary += Buffer.byteLength(w, 'utf8') + 4;
	if (!keyBytes || dictionary >= plain) return { dictionary: null, ...utf8Buffers(cells), valid, nullCount };
	const keys = keyBytes === 1 ? new Uint8Array(cells.length) : new Uint16Array(cells.length);
	cells.forEach((c, i) => (keys[i] = c === null ? 0 : index.get(c)!));
	return { dictionary: utf8Buffers([...index.keys()]), keys, valid, nullCount };
}

/** Text as one plain Utf8 buffer (region codes that are not all dotted). */
export const plainText = (cells: readonly (string | null)[]): EncodedText => ({ dictionary: null, ...utf8Buffers(cells), ...validity(cells) });

/** JS numbers (null for none) as a Float64 column with its validity bitmap. */
export function numberColumn(cells: readonly (number | null)[]): NumericColumn {
	const values = new Float64Array(cells.length);
	const valid = new Uint8Array(Math.ceil(cells.length / 8));
	let nullCount = 0;
	cells.forEach((v, i) => {
		if (v === null) nullCount++;
		else {
			values[i] = v;
			valid[i >> 3]! |= 1 << (i & 7);
		}
	});
	return { kind: 'float64', values, valid: nullCount ? valid : null, nullCount };
}

/** Counts go out as Int32 (half the bytes of a double, still exact); anything with a fraction as Float64. */
export function narrowNumbers(c: NumericColumn): NumericColumn {
	if (c.kind !== 'float64') return c;
	const { values } = c;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (isValid(c, i) && !(Number.isInteger(v) && v >= -INT32 && v < INT32)) return c;
	}
	const ints = new Int32Array(values.length);
	for (let i = 0; i < values.length; i++) if (isValid(c, i)) ints[i] = values[i]!;
	return { kind: 'int32', values: ints, valid: c.valid, nullCount: c.nullCount };
}

function textData(t: EncodedText, length: number): Data {
	if (t.dictionary === null) return makeData({ type: new Utf8(), length, nullCount: t.nullCount, nullBitmap: t.valid, valueOffsets: t.offsets, data: t.bytes });
	const words = makeData({ type: new Utf8(), length: t.dictionary.offsets.length - 1, nullCount: 0, valueOffsets: t.dictionary.offsets, data: t.dictionary.bytes });
	const type = new Dictionary(new Utf8(), t.keys instanceof Uint8Array ? new Uint8() : new Uint16(), 0);
	return makeData({ type, length, nullCount: t.nullCount, nullBitmap: t.valid, data: t.keys, dictionary: makeVector(words) });
}

function columnData(c: ArrowColumn, length: number): Data {
	if (c.kind === 'int64') return makeData({ type: new Int64(), length, nullCount: 0, data: c.values });
	if (c.kind === 'text') return textData(c.text, length);
	const n = c.column;
	if (n.kind === 'int64') return makeData({ type: new Int64(), length, nullCount: n.nullCount, nullBitmap: n.valid, data: n.values });
	const type = n.kind === 'int32' ? new Int32() : new Float64();
	return makeData({ type, length, nullCount: n.nullCount, nullBitmap: n.valid, data: n.values } as Parameters<typeof makeData>[0]) as Data;
}

/** The columns as one record batch, `metadata` on its schema. */
export function arrowBatch(columns: ArrowColumn[], length: number, metadata: Record<string, string>): RecordBatch {
	const data = columns.map((c) => columnData(c, length));
	const fields = columns.map((c, i) => new Field(c.name, data[i]!.type as DataType, true));
	const schema = new Schema(fields, new Map(Object.entries(metadata)));
	return new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children: data }));
}

/** Where the bytes of the first `leading` columns lie in a stream: their dictionary messages, and their buffers in the record batch's body. */
function leadingRanges(bytes: Uint8Array, leading: number, buffersPer: number[]): { dictionaries: [number, number][]; body: [number, number] | null } {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const dictionaries: [number, number][] = [];
	let body: [number, number] | null = null;
	for (let at = 0; at + 8 <= bytes.byteLength; ) {
		const metaLength = view.getInt32(at + 4, true);
		if (metaLength === 0) break;
		const message = Message.decode(bytes.subarray(at + 8, at + 8 + metaLength));
		const start = at + 8 + metaLength;
		const end = start + Number(message.bodyLength);
		if (message.headerType === MessageHeader.DictionaryBatch) dictionaries.push([at, end]);
		else if (message.headerType === MessageHeader.RecordBatch) {
			const count = buffersPer.slice(0, leading).reduce((a, b) => a + b, 0);
			const regions = (message.header() as unknown as { buffers: { offset: number | bigint }[] }).buffers;
			const next = regions[count];
			if (next) body = [start, start + Number(next.offset)];
		}
		at = end;
	}
	return { dictionaries, body };
}

/** The shared parts of one frame's leading columns: the same bytes in every answer over that frame. */
export interface SharedSlot {
	dictionaries?: SharedPart;
	body?: SharedPart;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

/** The part for `bytes`: the slot's when it holds the same bytes, else a new one kept in the slot. */
function sharedPart(slot: SharedSlot, key: keyof SharedSlot, bytes: Uint8Array): SharedPart {
	const held = slot[key];
	if (held && sameBytes(held.bytes, bytes)) return held;
	return (slot[key] = { bytes: bytes.slice() });
}

/**
 * One record batch as an Arrow IPC stream, in parts: when `shared` names a slot, the bytes of the
 * first `shared.leading` columns (and their dictionaries) become shared parts, compressed once for
 * every answer over the same frame (encoding.ts, gzipParts).
 */
export function arrowStream(columns: ArrowColumn[], length: number, metadata: Record<string, string>, shared?: { leading: number; slot: SharedSlot }): (Uint8Array | SharedPart)[] {
	const bytes = tableToIPC(new Table([arrowBatch(columns, length, metadata)]), 'stream');
	const leading = shared?.leading ?? 0;
	// Only the leading columns may carry dictionaries, or a dictionary message would mix shared and own bytes.
	if (!shared || leading === 0 || columns.slice(leading).some((c) => c.kind === 'text' && c.text.dictionary)) return [bytes];
	const buffersPer = columns.map((c) => (c.kind === 'text' && !c.text.dictionary ? 3 : 2));
	const { dictionaries, body } = leadingRanges(bytes, leading, buffersPer);
	const cuts: { from: number; to: number; key: keyof SharedSlot }[] = [];
	if (dictionaries.length) cuts.push({ from: dictionaries[0]![0], to: dictionaries.at(-1)![1], key: 'dictionaries' });
	if (body) cuts.push({ from: body[0], to: body[1], key: 'body' });
	const parts: (Uint8Array | SharedPart)[] = [];
	let at = 0;
	for (const cut of cuts) {
		parts.push(bytes.slice(at, cut.from), sharedPart(shared.slot, cut.key, bytes.subarray(cut.from, cut.to)));
		at = cut.to;
	}
	parts.push(bytes.slice(at));
	return parts;
}
