import { gzipSync } from 'node:zlib';
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { LABEL_MINZOOM, labelLayer } from '../../map/style';
import { LAYER_NAMES, type GeometryLayers, type LayerName } from './types';

export const MAX_ZOOM = 10;
/**
 * Zoom bands: a layer is written from its minimum zoom on. geojson-vt simplifies each zoom with a
 * tolerance of a few tile units, so low zooms carry coarse outlines and drop sub-pixel rings.
 */
export const LAYER_MINZOOM: Record<LayerName, number> = { province: 0, regency: 0, district: 4, village: 4 };
const EXTENT = 4096;

export interface BuiltTile {
	z: number;
	x: number;
	y: number;
	/** gzip-compressed Mapbox Vector Tile. */
	data: Uint8Array;
}

const vtOptions = { maxZoom: MAX_ZOOM, extent: EXTENT, buffer: 64, tolerance: 2 };

/**
 * Every non-empty tile from z0 to MAX_ZOOM: a layer per region level (feature property `code`), and
 * label points (code and name at each district's and village's inside point) from their label zoom.
 */
export function* buildTiles(layers: GeometryLayers, names: ReadonlyMap<string, string>): Generator<BuiltTile> {
	const indexes: { name: string; minzoom: number; index: GeoJSONVT }[] = LAYER_NAMES.map((name) => {
		const features = layers[name].map((c) => ({
			type: 'Feature' as const,
			properties: { code: c.code },
			geometry: { type: 'MultiPolygon' as const, coordinates: c.shape }
		}));
		return { name, minzoom: LAYER_MINZOOM[name], index: new GeoJSONVT({ type: 'FeatureCollection', features }, vtOptions) };
	});
	for (const level of ['district', 'village'] as const) {
		const features = layers[level].map((c) => ({
			type: 'Feature' as const,
			properties: { code: c.code, name: names.get(c.code) ?? c.code },
			geometry: { type: 'Point' as const, coordinates: c.anchor }
		}));
		indexes.push({ name: labelLayer(level), minzoom: LABEL_MINZOOM[level], index: new GeoJSONVT({ type: 'FeatureCollection', features }, vtOptions) });
	}
	let level: [number, number][] = [[0, 0]];
	for (let z = 0; z <= MAX_ZOOM && level.length; z++) {
		const next: [number, number][] = [];
		for (const [x, y] of level) {
			const found: Record<string, LegacyTile> = {};
			let any = false;
			for (const { name, minzoom, index } of indexes) {
				// A tile can exist with every feature simplified away (a small import at zoom 0): still descend.
				const t = index.getTile(z, x, y);
				if (!t) continue;
				any = true;
				if (t.features.length && z >= minzoom) found[name] = t;
			}
			if (!any) continue;
			if (Object.keys(found).length) yield { z, x, y, data: gzipSync(fromGeojsonVt(found, { version: 2, extent: EXTENT })) };
			next.push([2 * x, 2 * y], [2 * x + 1, 2 * y], [2 * x, 2 * y + 1], [2 * x + 1, 2 * y + 1]);
		}
		level = next;
	}
}
