import { DataType, tableFromIPC, type Vector } from 'apache-arrow';
import { codesFingerprint, codesFromDigits } from '../region-code';
import { classify, classOf, type Classes, type Method } from './classify';

/** The boundary tiles a map draws on, and where its camera starts. */
export interface MapGeometry {
	/** Geometry version id (part of the tile URL). */
	version: string;
	/** Tile URL template, `/api/v1/tiles/{z}/{x}/{y}?v=…`. */
	tiles: string;
	bounds: [number, number, number, number];
	/** Demo boundaries: every map drawn on them says "batas indikatif / indicative boundaries". */
	indicative: boolean;
	source: string;
	created: string;
	/** The village index raster drawn below `RASTER_MAXZOOM` (map/raster.ts): frames URL, image URL template with `{z}`; null for versions built without one. */
	raster: { frames: string; image: string } | null;
}

/** One region's figure on the map; `value` is null where there is no data. */
export interface MapValue {
	code: string;
	name: string;
	value: number | null;
}

const utf8 = new TextDecoder();

/**
 * The cells of one UTF-8 text chunk, cut from a single decode of its buffer: a cell's length in UTF-16 units is
 * its byte count for ASCII, else its lead bytes (four-byte characters take two units). Decoding per cell costs a
 * call each, and one non-ASCII name among 63,723 would otherwise put the whole national dictionary on that path.
 */
function cells(bytes: Uint8Array, offsets: Int32Array, length: number): string[] {
	const start = offsets[0] ?? 0;
	const end = offsets[length] ?? 0;
	const all = utf8.decode(bytes.subarray(start, end));
	const ascii = all.length === end - start;
	const out = new Array<string>(length);
	let at = 0;
	for (let i = 0; i < length; i++) {
		const from = offsets[i] ?? 0;
		const to = offsets[i + 1] ?? 0;
		let units = to - from;
		if (!ascii) {
			units = 0;
			for (let b = from; b < to; b++) {
				const x = bytes[b] ?? 0;
				if ((x & 0xc0) !== 0x80) units += x >= 0xf0 ? 2 : 1;
			}
		}
		out[i] = all.slice(at, (at += units));
	}
	// Malformed bytes decode to replacement characters that break the count: then cell by cell after all.
	if (at === all.length) return out;
	for (let i = 0; i < length; i++) out[i] = utf8.decode(bytes.subarray(offsets[i] ?? 0, offsets[i + 1] ?? 0));
	return out;
}

/** A text column as strings (null where the validity bitmap says so); a dictionary's words are decoded once. */
function texts(v: Vector): (string | null)[] {
	const out: (string | null)[] = [];
	for (const d of v.data) {
		const nulls = d.nullCount > 0;
		if (d.dictionary) {
			// Dictionary-encoded (see serialise.ts): each distinct name is decoded once.
			const words = texts(d.dictionary);
			const keys = d.values as Uint8Array | Uint16Array;
			for (let i = 0; i < d.length; i++) out.push(nulls && !d.getValid(i) ? null : (words[keys[i] ?? 0] ?? null));
			continue;
		}
		const strings = cells(d.values as Uint8Array, d.valueOffsets as Int32Array, d.length);
		for (let i = 0; i < d.length; i++) out.push(nulls && !d.getValid(i) ? null : strings[i]!);
	}
	return out;
}

/**
 * The last code column decoded: a new indicator or period for the same view sends the same codes, and gets the same
 * strings back. Its fingerprint (made when first asked for) lets the next request leave the codes out altogether.
 */
let lastCodes: { digits: BigInt64Array; codes: string[]; fingerprint?: string } | null = null;
/** Code lists by the fingerprint a request sent: the answer names it, even if other answers were decoded meanwhile. */
const sentCodes = new Map<string, string[]>();

function sameDigits(a: BigInt64Array, b: BigInt64Array): boolean {
	if (a.length !== b.length) return false;
	const [x, y] = [new Int32Array(a.buffer, a.byteOffset, 2 * a.length), new Int32Array(b.buffer, b.byteOffset, 2 * b.length)];
	for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
	return true;
}

function dottedCodes(digits: BigInt64Array): string[] {
	if (lastCodes && sameDigits(lastCodes.digits, digits)) return lastCodes.codes;
	const codes = codesFromDigits(digits);
	lastCodes = { digits: digits.slice(), codes };
	return codes;
}

/** The fingerprint of `rows`' codes (`codes=` in a request); kept with the last codes decoded, which a recolour sends again. */
export function heldCodesFingerprint(rows: readonly MapValue[]): string {
	const last = lastCodes;
	let fingerprint: string;
	let codes: string[];
	if (last && last.codes.length === rows.length && rows.every((r, i) => r.code === last.codes[i])) {
		fingerprint = last.fingerprint ??= codesFingerprint(last.codes);
		codes = last.codes;
	} else {
		// Rows drawn into the page by the server were never decoded here.
		codes = rows.map((r) => r.code);
		fingerprint = codesFingerprint(codes);
	}
	sentCodes.delete(fingerprint);
	sentCodes.set(fingerprint, codes);
	for (const old of sentCodes.keys()) if (sentCodes.size > 4) sentCodes.delete(old);
	return fingerprint;
}

/** The codes an answer left out (`codes=` matched): those sent under the fingerprint it names. */
function heldCodes(fingerprint: string | undefined, length: number): string[] {
	const codes = fingerprint === undefined ? undefined : sentCodes.get(fingerprint);
	if (codes?.length !== length) throw new Error('values stream lacks codes this page holds');
	return codes;
}

/** A numeric column as numbers, null where the validity bitmap says so (the buffer holds an arbitrary number there). */
function numbers(v: Vector): (number | null)[] {
	const out = new Array<number | null>(v.length);
	let at = 0;
	for (const d of v.data) {
		const values = d.values as ArrayLike<number>;
		const nulls = d.nullCount > 0;
		for (let i = 0; i < d.length; i++) out[at++] = nulls && !d.getValid(i) ? null : Number(values[i]);
	}
	return out;
}

/**
 * Decodes the Arrow IPC stream of `/api/v1/values`: code (Int64 digits or text), name, value (Int32 or Float64, nullable).
 * Without a name column (`names=0`) the names come from `named`, rows of the same view (a code they lack is its own name; no rows: '').
 */
export function decodeValues(bytes: Uint8Array, named: readonly MapValue[] | null = null): MapValue[] {
	const t = tableFromIPC(bytes);
	const [code, name, value] = ['code', 'name', 'value'].map((c) => t.getChild(c));
	if (!value) throw new Error('values stream lacks value');
	const codes = code ? (DataType.isInt(code.type) ? dottedCodes(code.toArray() as BigInt64Array) : texts(code)) : heldCodes(t.schema.metadata.get('codes'), value.length);
	const names = name ? texts(name) : [];
	// Both answers come in code order, so the name is nearly always at the same index; a map only otherwise.
	let lookup: Map<string, string> | null = null;
	const nameOf = (code: string, i: number, from: readonly MapValue[]) => {
		const same = from[i];
		return same?.code === code ? same.name : ((lookup ??= new Map(from.map((n) => [n.code, n.name]))).get(code) ?? code);
	};
	const values = numbers(value);
	const rows = new Array<MapValue>(codes.length);
	for (let i = 0; i < codes.length; i++) {
		const code = codes[i] ?? '';
		rows[i] = { code, name: name ? (names[i] ?? '') : named ? nameOf(code, i, named) : '', value: values[i] ?? null };
	}
	return rows;
}

export interface ValuesQuery {
	indicator: string;
	region: string;
	level: string;
	period: number;
}

/** The Arrow values URL; the map page's preload link must be byte-for-byte this URL to be reused. */
export const valuesUrl = (q: ValuesQuery, names = true, codes: string | null = null) =>
	`/api/v1/values?${new URLSearchParams({ indicator: q.indicator, region: q.region, level: q.level, period: String(q.period), ...(names ? {} : { names: '0' }), ...(codes ? { codes } : {}) })}`;

/**
 * One indicator's values for the children of `region` at `level`, from `/api/v1/values` as Arrow (the public view when signed out).
 * Given rows of the same view, the names are taken from them instead, and so are the codes when they are the last ones
 * decoded (`codes=`): together nearly all of a national answer's bytes.
 */
export async function fetchValues(q: ValuesQuery, named: MapValue[] | null = null): Promise<MapValue[]> {
	const res = await fetch(valuesUrl(q, named === null, named && heldCodesFingerprint(named)));
	if (!res.ok) throw new Error(((await res.json()) as { error?: { id?: string } }).error?.id ?? `HTTP ${res.status}`);
	return decodeValues(new Uint8Array(await res.arrayBuffer()), named);
}

/** Change since `before` for the diverging view; null unless both periods have a value. */
export function change(now: MapValue[], before: MapValue[]): MapValue[] {
	const prev = new Map(before.map((r) => [r.code, r.value]));
	return now.map((r) => {
		const p = prev.get(r.code);
		return { ...r, value: r.value === null || p === null || p === undefined ? null : r.value - p };
	});
}

/**
 * What a map paints: each region's class in row order, the rows sorted by code (the raster walks them
 * beside its own sorted codes). Arrays, not a code → colour record: keying 83,762 freshly decoded codes
 * takes longer than everything else a recolour does.
 */
export interface Colouring {
	codes: readonly string[];
	/** Index into `colours` per code; `NO_CLASS` where the region has no value. */
	classIndex: Uint8Array;
	colours: readonly string[];
}

export const NO_CLASS = 255;

export interface Painting {
	classes: Classes;
	colouring: Colouring;
}

const byCode = (a: MapValue, b: MapValue) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export function paint(rows: MapValue[], method: Method, direction: 'higher_is_worse' | 'higher_is_better'): Painting {
	let inOrder = true;
	for (let i = 1; i < rows.length && inOrder; i++) inOrder = rows[i - 1]!.code < rows[i]!.code;
	const sorted = inOrder ? rows : [...rows].sort(byCode);
	const known: number[] = [];
	for (const r of sorted) if (r.value !== null) known.push(r.value);
	const classes = classify(known, method, direction);
	const codes = new Array<string>(sorted.length);
	const classIndex = new Uint8Array(sorted.length);
	for (let i = 0; i < sorted.length; i++) {
		const { code, value } = sorted[i]!;
		codes[i] = code;
		classIndex[i] = value === null ? NO_CLASS : classOf(value, classes.breaks);
	}
	return { classes, colouring: { codes, classIndex, colours: classes.colours } };
}

/** code → colour of every region with a value (feature state and the server-drawn preview key by code). */
export function colourMap(c: Colouring): Map<string, string> {
	const out = new Map<string, string>();
	c.codes.forEach((code, i) => {
		const colour = c.colours[c.classIndex[i]!];
		if (colour) out.set(code, colour);
	});
	return out;
}

/** The class colour of one value, null for no data. */
export function colourOf(p: Painting, v: number | null): string | null {
	return v === null ? null : (p.classes.colours[classOf(v, p.classes.breaks)] ?? null);
}

/** What a recolour has to tell the map: the codes that lose their colour (no data now, or suppressed) and those whose colour changed. */
export function colourChanges(previous: ReadonlyMap<string, string>, colours: ReadonlyMap<string, string>, hidden: ReadonlySet<string>) {
	const next = new Map<string, string>();
	for (const [code, colour] of colours) if (!hidden.has(code)) next.set(code, colour);
	const removed = [...previous.keys()].filter((code) => !next.has(code));
	const changed = [...next].filter(([code, colour]) => previous.get(code) !== colour);
	return { next, removed, changed };
}
