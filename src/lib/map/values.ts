import { tableFromIPC } from 'apache-arrow';
import { classify, classOf, type Classes, type Method } from './classify';

/** One region's figure on the map; `value` is null where there is no data. */
export interface MapValue {
	code: string;
	name: string;
	value: number | null;
}

/** Decodes the Arrow IPC stream of `/api/v1/values` (columns code, name, value). */
export function decodeValues(bytes: Uint8Array): MapValue[] {
	const t = tableFromIPC(bytes);
	const [codes, names, values] = ['code', 'name', 'value'].map((c) => t.getChild(c)?.toArray() as unknown[] | undefined);
	if (!codes || !names || !values) throw new Error('values stream lacks code, name or value');
	return codes.map((code, i) => ({ code: String(code), name: String(names[i]), value: (values[i] as number | null) ?? null }));
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
