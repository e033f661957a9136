import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';

/**
 * The offline basemap and choropleth layers, all drawn from our own boundary tiles: sea as the
 * background, land from the province layer, admin lines from the regency and district layers,
 * names from the label points. No glyph server and no sprites: MapLibre draws the labels itself
 * with the font file we serve (`font-faces`), and the patterns are images made in code.
 */
export type MapLevel = 'district' | 'village';
export const MAP_LEVELS = ['district', 'village'] as const;

export const BOUNDS_SOURCE = 'bounds';
/** The hovered region's outline, a GeoJSON source of its own (see `levelLayers`). */
export const HOVER_SOURCE = 'hover';
/** Global-state key holding the codes drawn with the "suppressed" dots. */
export const SUPPRESSED_STATE = 'suppressed';
/** Matches the features whose code is in the suppressed list (global state, so no feature state). */
export const suppressedFilter = (filter: ExpressionSpecification): ExpressionSpecification => ['all', filter, ['in', ['get', 'code'], ['global-state', SUPPRESSED_STATE]]];
export const SEA = '#dfe8ee';
export const LAND = '#f4f1ea';

/** Layers drawn per map level; only the current level's are visible. */
export const LEVEL_LAYER_KINDS = ['nodata', 'fill', 'suppressed', 'lines', 'hover', 'selected', 'labels'] as const;

export const LABEL_FONT = 'Tepat Sans';
/** Label points exist in the tiles (and are drawn) from the zoom where names start to fit. */
export const LABEL_MINZOOM = { district: 7, village: 9 } as const;
export const labelLayer = (level: keyof typeof LABEL_MINZOOM) => `${level}_label` as const;

/**
 * Outlines start where the regions they bound are several pixels wide: on a national village map a
 * village is about a pixel, and its white outline would cover the colour it bounds (and cost every
 * frame a line per village).
 */
export const LINE_MINZOOM = { village: 7, district: 6 } as const;

/** Children of `code` (every feature for the whole country). */
export function regionFilter(code: string): ExpressionSpecification {
	return code === 'ID' ? ['has', 'code'] : ['==', ['slice', ['get', 'code'], 0, code.length + 1], `${code}.`];
}

export const BASEMAP_LAYERS = ['sea', 'land'] as const;

/** Sea and land, from zoom `from` (below it the village raster's own canvas draws both, under MapLibre's). */
export function basemapLayers(from = 0): LayerSpecification[] {
	const zooms = from ? { minzoom: from } : {};
	return [
		{ id: 'sea', type: 'background', ...zooms, paint: { 'background-color': SEA } },
		{ id: 'land', type: 'fill', source: BOUNDS_SOURCE, 'source-layer': 'province', ...zooms, paint: { 'fill-color': LAND, 'fill-antialias': false } }
	];
}

/** Hatch for "no data", dots for "suppressed": both read in greyscale and without colour vision. */
export function patternImage(kind: 'hatch' | 'dots'): ImageData {
	const size = 8;
	const img = new ImageData(size, size);
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const ink = kind === 'hatch' ? (x + y) % size < 2 : x % 4 === 1 && y % 4 === 1;
			img.data.set(ink ? [110, 110, 110, 255] : [255, 255, 255, 255], 4 * (y * size + x));
		}
	}
	return img;
}

/** The fills the village raster stands in for below its zoom (see map/raster.ts). */
export const FILL_KINDS = ['nodata', 'fill', 'suppressed'] as const;

/**
 * One set of layers per level, shown or hidden, so switching level never rebuilds the style.
 * `fillsFrom`: the zoom where the level's fills start (the village raster draws them below it).
 */
export function levelLayers(lvl: MapLevel, filter: ExpressionSpecification, visible: string, fillsFrom = 0): LayerSpecification[] {
	const base = { source: BOUNDS_SOURCE, 'source-layer': lvl, filter, layout: { visibility: lvl === visible ? 'visible' : 'none' } } as const;
	const fill = { ...base, ...(fillsFrom ? { minzoom: fillsFrom } : {}) };
	const layers: LayerSpecification[] = [
		// The hatch often draws nothing, so it starts off ('fill-layer-opacity' 0): MapLibre then skips
		// it, a whole-map pass (and a shader to compile) less per frame. Turning it on is a paint change,
		// where 'visibility' would make the worker parse every tile again.
		{ id: `nodata-${lvl}`, type: 'fill', ...fill, paint: { 'fill-pattern': 'hatch', 'fill-antialias': false, 'fill-layer-opacity': 0 } },
		// The class colour is the only feature state: a recolour rewrites one paint array per feature
		// (MapLibre updates every state-dependent layer of a feature whose state changes).
		{
			id: `fill-${lvl}`,
			type: 'fill',
			...fill,
			paint: { 'fill-color': ['coalesce', ['feature-state', 'c'], 'rgba(0,0,0,0)'], 'fill-antialias': false }
		},
		{ id: `suppressed-${lvl}`, type: 'fill', ...fill, filter: suppressedFilter(filter), paint: { 'fill-pattern': 'dots', 'fill-antialias': false } },
		{ id: `lines-${lvl}`, type: 'line', ...base, ...(lvl === 'village' ? { minzoom: LINE_MINZOOM.village } : {}), paint: { 'line-color': '#ffffff', 'line-width': lvl === 'village' ? 0.6 : 1 } },
		{ id: `hover-${lvl}`, type: 'line', source: HOVER_SOURCE, layout: base.layout, paint: { 'line-color': '#000000', 'line-width': 2.5 } },
		{ id: `selected-${lvl}`, type: 'line', ...base, filter: ['==', ['get', 'code'], ''], paint: { 'line-color': '#d55e00', 'line-width': 3 } },
		{
			id: `labels-${lvl}`,
			type: 'symbol',
			source: BOUNDS_SOURCE,
			'source-layer': labelLayer(lvl),
			minzoom: LABEL_MINZOOM[lvl],
			filter,
			layout: { visibility: base.layout.visibility, 'text-field': ['get', 'name'], 'text-font': [LABEL_FONT], 'text-size': 11, 'text-max-width': 8 },
			paint: { 'text-color': '#1a1a1a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 }
		}
	];
	if (lvl === 'village') {
		// District and regency outlines sit above the village fills so the hierarchy stays readable.
		layers.splice(
			4,
			0,
			{ id: 'district-lines', type: 'line', source: BOUNDS_SOURCE, 'source-layer': 'district', minzoom: LINE_MINZOOM.district, filter, paint: { 'line-color': '#5b5b5b', 'line-width': 0.8 } },
			{ id: 'regency-lines', type: 'line', source: BOUNDS_SOURCE, 'source-layer': 'regency', paint: { 'line-color': '#333333', 'line-width': 1.4 } }
		);
	}
	return layers;
}

export interface StyleOptions {
	/** Absolute tile URL template. */
	tiles: string;
	/** Region whose children are drawn (`ID` for the whole country). */
	region: string;
	level: MapLevel;
	/** Where the village fills start: `RASTER_MAXZOOM` when the village raster draws them below it, else 0. */
	villagesFrom: number;
	/** Where sea and land start: the same while the village raster is shown (it draws both), else 0. */
	basemapFrom: number;
	/** Codes drawn with the "suppressed" dots. */
	suppressed: string[];
	/** Absolute URL of the label font. */
	font: string;
}

/** The whole style, built in code from our own tiles: no external style, glyph server or sprite. */
export function mapStyle(o: StyleOptions): StyleSpecification {
	const filter = regionFilter(o.region);
	return {
		version: 8,
		sources: {
			[BOUNDS_SOURCE]: { type: 'vector', tiles: [o.tiles], maxzoom: 10, promoteId: 'code' },
			[HOVER_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }
		},
		state: { [SUPPRESSED_STATE]: { default: o.suppressed } },
		'font-faces': { [LABEL_FONT]: o.font },
		// Layer switches take effect in the next frame, not over 300 ms.
		transition: { duration: 0, delay: 0 },
		layers: [...basemapLayers(o.basemapFrom), ...levelLayers('district', filter, o.level), ...levelLayers('village', filter, o.level, o.villagesFrom)]
	};
}
