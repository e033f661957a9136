import { DataType, tableFromIPC, type Vector } from 'apache-arrow';
import { codesFromDigits } from '../region-code';
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

/** A text column as strings: one decode of the whole buffer when it is ASCII (village names nearly always are), else per cell. */
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
		const offsets = d.valueOffsets as Int32Array;
		const bytes = d.values as Uint8Array;
		const start = offsets[0] ?? 0;
		const all = utf8.decode(bytes.subarray(start, offsets[d.length]));
		const ascii = all.length === (offsets[d.length] ?? 0) - start;
		for (let i = 0; i < d.length; i++) {
			const from = offsets[i] ?? 0;
			const to = offsets[i + 1] ?? 0;
			out.push(nulls && !d.getValid(i) ? null : ascii ? all.slice(from - start, to - start) : utf8.decode(bytes.subarray(from, to)));
		}
	}
	return out;
}

/** Decodes the Arrow IPC stream of `/api/v1/values`: code (Int64 digits or text), name (absent with `names=0`: ''), value (Int32 or Float64, nullable). */
export function decodeValues(bytes: Uint8Array): MapValue[] {
	const t = tableFromIPC(bytes);
	const [code, name, value] = ['code', 'name', 'value'].map((c) => t.getChild(c));
	if (!code || !value) throw new Error('values stream lacks code or value');
	const codes = DataType.isInt(code.type) ? codesFromDigits(code.toArray() as BigInt64Array) : texts(code);
	const names = name ? texts(name) : [];
	// toArray() hands back the raw buffer, where a null is an arbitrary number: the validity bitmap decides.
	const values = value.toArray() as ArrayLike<number>;
	const nulls = value.nullCount > 0;
	const rows = new Array<MapValue>(codes.length);
	for (let i = 0; i < codes.length; i++) rows[i] = { code: codes[i] ?? '', name: names[i] ?? '', value: nulls && !value.isValid(i) ? null : Number(values[i]) };
	return rows;
}

export interface ValuesQuery {
	indicator: string;
	region: string;
	level: string;
	period: number;
}

/** The Arrow values URL; the map page's preload link must be byte-for-byte this URL to be reused. */
export const valuesUrl = (q: ValuesQuery, names = true) =>
	`/api/v1/values?${new URLSearchParams({ indicator: q.indicator, region: q.region, level: q.level, period: String(q.period), ...(names ? {} : { names: '0' }) })}`;

/**
 * One indicator's values for the children of `region` at `level`, from `/api/v1/values` as Arrow (the public view when signed out).
 * Given rows of the same view, the names are taken from them instead: they are about half of a national answer's bytes.
 */
export async function fetchValues(q: ValuesQuery, named: MapValue[] | null = null): Promise<MapValue[]> {
	const res = await fetch(valuesUrl(q, named === null));
	if (!res.ok) throw new Error(((await res.json()) as { error?: { id?: string } }).error?.id ?? `HTTP ${res.status}`);
	const rows = decodeValues(new Uint8Array(await res.arrayBuffer()));
	if (named === null) return rows;
	// Both answers come in code order, so the name is nearly always at the same index; a map only otherwise.
	let names: Map<string, string> | null = null;
	rows.forEach((r, i) => {
		const same = named[i];
		r.name = same?.code === r.code ? same.name : ((names ??= new Map(named.map((n) => [n.code, n.name]))).get(r.code) ?? r.code);
	});
	return rows;
}

/** Change since `before` for the diverging view; null unless both periods have a value. */
export function change(now: MapValue[], before: MapValue[]): MapValue[] {
	const prev = new Map(before.map((r) => [r.code, r.value]));
	return now.map((r) => {
		const p = prev.get(r.code);
		return { ...r, value: r.value === null || p === null || p === undefined ? null : r.value - p };
	});
}

export interface Painting {
	classes: Classes;
	/** code → colour for every region with a value; regions without stay hatched as "no data". */
	colours: Record<string, string>;
}

export function paint(rows: MapValue[], method: Method, direction: 'higher_is_worse' | 'higher_is_better'): Painting {
	const known = rows.filter((r): r is MapValue & { value: number } => r.value !== null);
	const classes = classify(
		known.map((r) => r.value),
		method,
		direction
	);
	const colours: Record<string, string> = {};
	for (const r of known) colours[r.code] = classes.colours[classOf(r.value, classes.breaks)] ?? '#000000';
	return { classes, colours };
}

/** The class colour of one value, null for no data. */
export function colourOf(p: Painting, v: number | null): string | null {
	return v === null ? null : (p.classes.colours[classOf(v, p.classes.breaks)] ?? null);
}

/**
 * What a recolour has to tell the map: the codes that lose their colour (no data now, or suppressed)
 * and those whose colour changed. Maps, not records: a for-in over 83,762 keys sorts them first, each time.
 */
export function colourChanges(previous: ReadonlyMap<string, string>, colours: Record<string, string>, hidden: ReadonlySet<string>) {
	const next = new Map<string, string>();
	for (const code in colours) if (!hidden.has(code)) next.set(code, colours[code] as string);
	const removed = [...previous.keys()].filter((code) => !next.has(code));
	const changed = [...next].filter(([code, colour]) => previous.get(code) !== colour);
	return { next, removed, changed };
}

