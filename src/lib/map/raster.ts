import { LAND } from './style';
import { childPrefix } from '../region-code';
import { NO_CLASS, type Colouring } from './values';

/**
 * The village index raster: below `RASTER_MAXZOOM` a village map is an image, each pixel naming the
 * village drawn there, coloured in the browser from a palette. On a national map a village is about a
 * pixel, and feature state for 83,762 of them costs MapLibre close to a second per recolour; a palette
 * pass over the image takes a few milliseconds. From `RASTER_MAXZOOM` on, the vector villages take over.
 *
 * One image per whole zoom (`RASTER_LEVELS`), each shown from its zoom to the next: MapLibre samples
 * a shrunk image linearly whatever the resampling setting, which would mix neighbouring villages'
 * colours into ones no class has. Enlarged, 'nearest' keeps every pixel one class colour.
 */
const [LOWEST, HIGHEST] = [1, 5];
export const RASTER_LEVELS = Array.from({ length: HIGHEST - LOWEST + 1 }, (_, i) => LOWEST + i);
export const RASTER_MAXZOOM = 5.5;

/** The image drawn at map zoom `zoom`. */
export const levelFor = (zoom: number) => Math.min(Math.max(Math.floor(zoom), LOWEST), HIGHEST);

/** The map zooms where image `level` is shown (the lowest from 0, the highest up to `RASTER_MAXZOOM`). */
export const levelZooms = (level: number): [number, number] => [level === LOWEST ? 0 : level, Math.min(level + 1, RASTER_MAXZOOM)];

/** The zoom MapLibre's fitBounds picks for `bounds` in a `width` × `height` box with `padding`. */
export function fitZoom(bounds: readonly [number, number, number, number], width: number, height: number, padding: number): number {
	const [x0, y0] = worldPixel(bounds[0], bounds[3], 0);
	const [x1, y1] = worldPixel(bounds[2], bounds[1], 0);
	return Math.log2(Math.min((width - 2 * padding) / (x1 - x0), (height - 2 * padding) / (y1 - y0)));
}

/** Where one image sits in the Web Mercator world at `zoom` (MapLibre's 512-pixel tiles), and which code each id names. */
export interface RasterFrame {
	zoom: number;
	x0: number;
	y0: number;
	width: number;
	height: number;
	/** id − 1 → village code, in code order. */
	codes: string[];
}

/** `villages.json`: every image's frame, and the codes they share (packed, see `packCodes`). */
export interface RasterFrames {
	levels: Omit<RasterFrame, 'codes'>[];
	codes: string;
}

/** Web Mercator pixel of a point at `zoom`. */
export function worldPixel(lon: number, lat: number, zoom: number): [number, number] {
	const size = 512 * 2 ** zoom;
	const s = Math.min(Math.max(Math.sin((lat * Math.PI) / 180), -0.9999), 0.9999);
	return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size];
}

/** Lon/lat of a Web Mercator pixel at `zoom` (the inverse of `worldPixel`). */
export function lngLat(x: number, y: number, zoom: number): [number, number] {
	const size = 512 * 2 ** zoom;
	return [(x / size) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / size))) * 180) / Math.PI];
}

/** The image's corners (top left, top right, bottom right, bottom left), as a MapLibre image source wants them. */
export function rasterCorners(f: RasterFrame): [[number, number], [number, number], [number, number], [number, number]] {
	const [x1, y1] = [f.x0 + f.width, f.y0 + f.height];
	return [lngLat(f.x0, f.y0, f.zoom), lngLat(x1, f.y0, f.zoom), lngLat(x1, y1, f.zoom), lngLat(f.x0, y1, f.zoom)];
}

/** Ids from the decoded RGBA pixels of the index PNG (id = r·65536 + g·256 + b). */
export function rasterIds(rgba: Uint8ClampedArray | Uint8Array): Uint32Array {
	const ids = new Uint32Array(rgba.length / 4);
	for (let p = 0; p < ids.length; p++) ids[p] = (rgba[4 * p]! << 16) | (rgba[4 * p + 1]! << 8) | rgba[4 * p + 2]!;
	return ids;
}

/** The code drawn at a point, or null (sea, another level, or a village too small for the raster). */
export function codeAt(f: RasterFrame, ids: Uint32Array, lon: number, lat: number): string | null {
	const [x, y] = worldPixel(lon, lat, f.zoom);
	const [col, row] = [Math.floor(x - f.x0), Math.floor(y - f.y0)];
	if (col < 0 || row < 0 || col >= f.width || row >= f.height) return null;
	const id = ids[row * f.width + col]!;
	return id ? (f.codes[id - 1] ?? null) : null;
}

/** The id of land that no village covers (the largest RGB value; village ids count up from 1). */
export const LAND_ID = 0xffffff;

/** Palette entries that are patterns, not colours: a colour always has full alpha, so never 1 or 2. */
const HATCH = 1;
const DOTS = 2;
const INK = 0xff6e6e6e;
const PAPER = 0xffffffff;

/** '#rrggbb' as one little-endian RGBA pixel (what a Uint32Array over ImageData holds). */
function packed(hex: string): number {
	const n = parseInt(hex.slice(1, 7), 16);
	return (0xff000000 | ((n & 0xff) << 16) | (n & 0xff00) | (n >> 16)) >>> 0;
}

const LAND_PIXEL = packed(LAND);

export interface RasterPaint {
	colouring: Colouring;
	suppressed: ReadonlySet<string>;
	/** Hatch the region's villages without a value (as the vector map's "no data" layer). */
	nodata: boolean;
	/** Only the children of this code are drawn (`ID`: all). */
	region: string;
}

/** `rasterRows` for a village of another region. */
const OUTSIDE = -2;

/**
 * For each id, the index of its village in `rows` (sorted codes, as `Colouring.codes`): −1 without a row, `OUTSIDE`
 * when not a child of `region`. Both lists are sorted, so one walk pairs them without keying either.
 */
export function rasterRows(codes: readonly string[], rows: readonly string[], region: string): Int32Array {
	const out = new Int32Array(codes.length);
	const prefix = childPrefix(region);
	let row = 0;
	codes.forEach((code, i) => {
		while (row < rows.length && rows[row]! < code) row++;
		out[i] = !code.startsWith(prefix) ? OUTSIDE : rows[row] === code ? row : -1;
	});
	return out;
}

/**
 * id → pixel value for one painting (ids name `codes`, the same in every level): the class colour, the dots or hatch
 * marker, or land (villages outside the region, and those without a value when there is no hatch). Id 0 stays 0: sea.
 * `rowOf` is `rasterRows` for the painting's codes and region, which a caller may keep while they stay the same.
 */
export function rasterPalette(codes: readonly string[], p: RasterPaint, rowOf = rasterRows(codes, p.colouring.codes, p.region)): Uint32Array {
	const out = new Uint32Array(codes.length + 1);
	const { classIndex, colours } = p.colouring;
	const colour = colours.map(packed);
	const hidden = p.suppressed.size > 0;
	for (let i = 0; i < codes.length; i++) {
		const row = rowOf[i]!;
		const k = row >= 0 ? classIndex[row]! : NO_CLASS;
		if (row === OUTSIDE) out[i + 1] = LAND_PIXEL;
		else out[i + 1] = hidden && p.suppressed.has(codes[i]!) ? DOTS : k !== NO_CLASS ? colour[k]! : p.nodata ? HATCH : LAND_PIXEL;
	}
	return out;
}

/** Paints every pixel from the palette; the patterns repeat every 8 and 4 pixels like the vector map's. */
export function paintRaster(f: RasterFrame, ids: Uint32Array, palette: Uint32Array, out: Uint32Array): void {
	for (let row = 0, p = 0; row < f.height; row++) {
		for (let col = 0; col < f.width; col++, p++) {
			const id = ids[p]!;
			const v = id === LAND_ID ? LAND_PIXEL : palette[id]!;
			out[p] = v > DOTS ? v : v === 0 ? 0 : v === HATCH ? ((col + row) % 8 < 2 ? INK : PAPER) : col % 4 === 1 && row % 4 === 1 ? INK : PAPER;
		}
	}
}

/**
 * Sorted codes as text, one line per parent (`63.02.01:2001-2015,1001`): runs of consecutive numbers
 * collapse, so the 83,762 national codes take 37 KB gzipped instead of 205 KB as a JSON list.
 */
export function packCodes(codes: readonly string[]): string {
	const lines: string[] = [];
	let parent: string | null = null;
	let parts: string[] = [];
	let run: [number, number] | null = null;
	const close = () => {
		if (run) parts.push(run[0] === run[1] ? String(run[0]) : `${run[0]}-${run[1]}`);
		run = null;
	};
	for (const code of codes) {
		const dot = code.lastIndexOf('.');
		const [up, own] = [code.slice(0, dot), code.slice(dot + 1)];
		if (up !== parent) {
			close();
			if (parent !== null) lines.push(`${parent}:${parts.join(',')}`);
			[parent, parts] = [up, []];
		}
		const n = Number(own);
		if (own !== String(n)) {
			close();
			parts.push(own);
		} else if (run && n === run[1] + 1) run[1] = n;
		else {
			close();
			run = [n, n];
		}
	}
	close();
	if (parent !== null) lines.push(`${parent}:${parts.join(',')}`);
	return lines.join('\n');
}

export function unpackCodes(text: string): string[] {
	const codes: string[] = [];
	for (const line of text ? text.split('\n') : []) {
		const colon = line.indexOf(':');
		const up = line.slice(0, colon);
		for (const part of line.slice(colon + 1).split(',')) {
			const dash = part.indexOf('-');
			if (dash < 0) codes.push(`${up}.${part}`);
			else for (let n = Number(part.slice(0, dash)), last = Number(part.slice(dash + 1)); n <= last; n++) codes.push(`${up}.${n}`);
		}
	}
	return codes;
}
