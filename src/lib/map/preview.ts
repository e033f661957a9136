/**
 * The server-drawn first view of a small map (see `server/geometry/preview.ts`): the outlines MapLibre will
 * draw first, as SVG paths in world coordinates (tile extent units at one zoom), painted on the page with
 * the same colours as the canvas until MapLibre has drawn its first frame.
 */
export interface PreviewTile {
	/** Top-left corner of the tile: everything in it is clipped to its square, as MapLibre clips its tiles. */
	x: number;
	y: number;
	land: string;
	regions: { code: string; d: string }[];
	districts: string;
	regencies: string;
}

export interface MapPreview {
	level: 'district' | 'village';
	/** The region's bounds (x, y, width, height), fitted into the map like MapLibre's `fitBounds`. */
	box: [number, number, number, number];
	/** World units per CSS pixel at the nominal map size (for the pattern sizes). */
	unitsPerPixel: number;
	tiles: PreviewTile[];
}

/** Tile extent of our vector tiles. */
export const PREVIEW_EXTENT = 4096;
/** Nominal size of the map (CSS px) the server picks its zoom for. */
export const PREVIEW_SIZE = [800, 560] as const;
/** Padding MapLibre leaves around the fitted region (px): the preview keeps the same. */
export const FIT_PADDING = 16;
