import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Pair } from 'polygon-clipping';

/**
 * Box and point-in-polygon through turf (maintained, tested against the GeoJSON spec) rather than by hand.
 * Area stays the planar shoelace in square degrees: turf's geodesic area is not additive when a polygon is
 * split (Kotabaru's district 63.02.01 measured 0.999992 of itself as the sum of its villages), and the
 * tiling check and the area-weighted seeding need parts that add up exactly.
 */

export type Box = [number, number, number, number];

const asGeoJson = (mp: MultiPolygon) => ({ type: 'MultiPolygon' as const, coordinates: mp });

/** Each edge of a closed or open ring as [from, to], the last point joined back to the first. */
export function* edges(ring: Pair[]): Generator<[Pair, Pair]> {
	let prev = ring.at(-1);
	for (const p of ring) {
		if (prev) yield [prev, p];
		prev = p;
	}
}

/** Bounding box: [minLon, minLat, maxLon, maxLat]. */
export function bboxOf(mp: MultiPolygon): Box {
	return turfBbox(asGeoJson(mp)) as Box;
}

/** Whether a point lies inside, holes counting as outside. */
export function pointInMultiPolygon(point: Pair, mp: MultiPolygon): boolean {
	return booleanPointInPolygon(point, asGeoJson(mp));
}

/** Unsigned area of a ring in square degrees (shoelace). */
export function ringArea(ring: Pair[]): number {
	let s = 0;
	for (const [[x0, y0], [x1, y1]] of edges(ring)) s += x0 * y1 - x1 * y0;
	return Math.abs(s) / 2;
}

/** Area of a multipolygon in square degrees, holes subtracted. */
export function multiPolygonArea(mp: MultiPolygon): number {
	return mp.reduce((sum, [outer, ...holes]) => sum + (outer ? ringArea(outer) : 0) - holes.reduce((h, r) => h + ringArea(r), 0), 0);
}
