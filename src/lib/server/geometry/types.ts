import type { MultiPolygon, Pair } from 'polygon-clipping';

/** Tile layers, coarse to fine; each one is also a region level. */
export const LAYER_NAMES = ['province', 'regency', 'district', 'village'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** One region's boundary: a Kemendagri code, its (multi)polygon in lon/lat, and a point inside it. */
export interface Cell {
	code: string;
	shape: MultiPolygon;
	anchor: Pair;
}

export type GeometryLayers = Record<LayerName, Cell[]>;

export interface RegionRow {
	code: string;
	name: string;
	level: string;
	parent_code: string | null;
}
