import type { MultiPolygon, Pair } from 'polygon-clipping';

export type Box = [number, number, number, number];

/** Each edge of a closed or open ring as [from, to], the last point joined back to the first. */
export function* edges(ring: Pair[]): Generator<[Pair, Pair]> {
	let prev = ring.at(-1);
	for (const p of ring) {
		if (prev) yield [prev, p];
		prev = p;
	}
}

/** Bounding box of the outer rings: [minLon, minLat, maxLon, maxLat]. */
export function bboxOf(mp: MultiPolygon): Box {
	let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const [outer] of mp) {
		for (const [x, y] of outer ?? []) {
			x0 = Math.min(x0, x);
			y0 = Math.min(y0, y);
			x1 = Math.max(x1, x);
			y1 = Math.max(y1, y);
		}
	}
	return [x0, y0, x1, y1];
}

/** Even-odd test over all rings, so holes count as outside. */
export function pointInMultiPolygon([px, py]: Pair, mp: MultiPolygon): boolean {
	let inside = false;
	for (const poly of mp) {
		for (const ring of poly) {
			for (const [[xj, yj], [xi, yi]] of edges(ring)) {
				if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
			}
		}
	}
	return inside;
}

/** Unsigned area of a ring in square degrees (shoelace). */
export function ringArea(ring: Pair[]): number {
	let s = 0;
	for (const [[x0, y0], [x1, y1]] of edges(ring)) s += x0 * y1 - x1 * y0;
	return Math.abs(s) / 2;
}

/** Area of a multipolygon, holes subtracted. */
export function multiPolygonArea(mp: MultiPolygon): number {
	return mp.reduce((sum, [outer, ...holes]) => sum + (outer ? ringArea(outer) : 0) - holes.reduce((h, r) => h + ringArea(r), 0), 0);
}
