import type { Map as MapLibreMap } from 'maplibre-gl';
import { codeAt, levelFor, lngLat, paintRaster, RASTER_MAXZOOM, rasterIds, rasterPalette, rasterRows, unpackCodes, type RasterFrame, type RasterFrames, type RasterPaint } from './raster';
import { childPrefix } from '../region-code';
import { BASEMAP_LAYERS, FILL_KINDS, SEA, type MapLevel } from './style';

/** One level of the village raster in the browser: its decoded ids, and a canvas of its size painted from a palette. */
interface VillageRaster {
	frame: RasterFrame;
	canvas: HTMLCanvasElement;
	/** The painting its canvas shows (levels are painted when drawn, so a recolour paints only the one on screen). */
	painted: RasterPaint | null;
	/** Paints the canvas from a palette (`rasterPalette`): one pass over the pixels, a few milliseconds. */
	paint(palette: Uint32Array): void;
	codeAt(lon: number, lat: number): string | null;
}

async function ok(res: Response): Promise<Response> {
	if (!res.ok) throw new Error(`village raster: HTTP ${res.status} for ${res.url}`);
	return res;
}

/** Every level's frame, with the codes unpacked (`MapGeometry.raster.frames`). */
async function loadRasterFrames(url: string): Promise<RasterFrame[]> {
	const file = (await (await ok(await fetch(url))).json()) as RasterFrames;
	const codes = unpackCodes(file.codes);
	return file.levels.map((l) => ({ ...l, codes }));
}

function context2d(canvas: HTMLCanvasElement | OffscreenCanvas): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D {
	// In memory, not on the GPU: these canvases are written by script and copied, never drawn into by the GPU.
	const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
	if (!ctx) throw new Error('village raster: no 2D canvas');
	return ctx;
}

/** Fetches and decodes one level's index image, through the browser's own PNG decoder. */
async function loadIndexImage(url: string): Promise<ImageBitmap> {
	// The ids are colours only by encoding: no colour management may touch them.
	return createImageBitmap(await (await ok(await fetch(url))).blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
}

/** One level from its frame and decoded index image. */
function villageRaster(frame: RasterFrame, bitmap: ImageBitmap): VillageRaster {
	const { width, height } = bitmap;
	if (width !== frame.width || height !== frame.height) throw new Error(`village raster: image ${width}×${height}, frame ${frame.width}×${frame.height}`);
	const reader = context2d(new OffscreenCanvas(width, height));
	reader.drawImage(bitmap, 0, 0);
	bitmap.close();
	const ids = rasterIds(reader.getImageData(0, 0, width, height).data);
	const canvas = document.createElement('canvas');
	[canvas.width, canvas.height] = [width, height];
	const ctx = context2d(canvas);
	const image = ctx.createImageData(width, height);
	const pixels = new Uint32Array(image.data.buffer);
	return {
		frame,
		canvas,
		painted: null,
		paint(palette) {
			paintRaster(frame, ids, palette, pixels);
			ctx.putImageData(image, 0, 0);
		},
		codeAt: (lon, lat) => codeAt(frame, ids, lon, lat)
	};
}

/**
 * The village raster on one map, drawn below zoom `RASTER_MAXZOOM` on a 2D canvas under MapLibre's (whose sea and
 * land start at that zoom, see `basemapLayers`): a recolour is a palette pass and one copy, with no WebGL frame at all.
 * Each level loads the first time its zoom is asked for (`want`, which needs no map yet); the canvas follows the
 * camera in every frame MapLibre renders.
 */
export class VillageRasters {
	private frames: Promise<RasterFrame[]> | null = null;
	private readonly levels = new Map<number, VillageRaster>();
	private readonly loading = new Set<number>();
	private screen: HTMLCanvasElement | null = null;
	private painting: RasterPaint | null = null;
	/** `rasterRows` of the last painting: the same view's codes (a new indicator or period) pair with the ids the same way. */
	private rows: { codes: readonly string[]; region: string; rowOf: Int32Array } | null = null;
	/** The palette of the current painting, once a level has needed it. */
	private paletteFor: { p: RasterPaint; palette: Uint32Array } | null = null;
	private shown = false;
	/** A level could not be loaded: the map draws vector villages at every zoom instead. */
	failed = false;

	constructor(
		private readonly urls: { frames: string; image: string },
		/** A level arrived (paint it); or it failed, and the map should draw vector villages instead. */
		private readonly done: (error?: unknown) => void
	) {}

	/** Starts loading the level drawn at `zoom`. */
	want(zoom: number): void {
		const z = levelFor(zoom);
		if (this.levels.has(z) || this.loading.has(z)) return;
		this.loading.add(z);
		this.frames ??= loadRasterFrames(this.urls.frames);
		// The image does not wait for the frames: both requests start now.
		const image = loadIndexImage(this.urls.image.replace('{z}', String(z)));
		Promise.all([this.frames, image])
			.then(([all, bitmap]) => {
				const frame = all.find((f) => f.zoom === z);
				if (!frame) {
					bitmap.close();
					throw new Error(`village raster: no level ${z}`);
				}
				return villageRaster(frame, bitmap);
			})
			.then(
				(r) => {
					this.levels.set(z, r);
					this.done();
				},
				(err: unknown) => {
					this.failed = true;
					this.done(err);
				}
			);
	}

	/** Whether the level drawn at `zoom` is loaded. */
	has(zoom: number): boolean {
		return this.levels.has(levelFor(zoom));
	}

	/** The village drawn at a point, in the level shown at `zoom`. */
	codeAt(zoom: number, lon: number, lat: number): string | null {
		return this.levels.get(levelFor(zoom))?.codeAt(lon, lat) ?? null;
	}

	private palette(codes: readonly string[], p: RasterPaint): Uint32Array {
		const last = this.rows;
		const rows = p.colouring.codes;
		const kept = last?.region === p.region && last.codes.length === rows.length && rows.every((code, i) => code === last.codes[i]) ? last : null;
		const paired = kept ?? (this.rows = { codes: rows, region: p.region, rowOf: rasterRows(codes, rows, p.region) });
		return rasterPalette(codes, p, paired.rowOf);
	}

	/** The painting `draw` shows from now on; the levels share their codes, so one palette serves them all. */
	paint(p: RasterPaint): void {
		this.painting = p;
		this.paletteFor = null;
	}

	/** The canvas under MapLibre's, made the first time a level is drawn (a map that never shows the raster has none). */
	private canvasOn(m: MapLibreMap): HTMLCanvasElement {
		if (this.screen) return this.screen;
		const canvas = document.createElement('canvas');
		canvas.setAttribute('aria-hidden', 'true');
		Object.assign(canvas.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none' });
		m.getContainer().insertBefore(canvas, m.getCanvasContainer());
		return (this.screen = canvas);
	}

	/**
	 * Draws the level for the map's zoom (or the nearest one loaded while it arrives) where MapLibre places it, in the
	 * frame MapLibre is rendering. `visible`: the map shows villages and the raster stands in for their fills.
	 */
	draw(m: MapLibreMap, visible: boolean): void {
		const zoom = m.getZoom();
		const show = visible && zoom < RASTER_MAXZOOM && this.levels.size > 0;
		if (!show) {
			if (this.shown && this.screen) this.screen.style.display = 'none';
			this.shown = false;
			return;
		}
		const want = levelFor(zoom);
		const r = this.levels.get(want) ?? [...this.levels.values()].sort((a, b) => Math.abs(a.frame.zoom - want) - Math.abs(b.frame.zoom - want))[0]!;
		const gl = m.getCanvas();
		const canvas = this.canvasOn(m);
		if (canvas.width !== gl.width || canvas.height !== gl.height) [canvas.width, canvas.height] = [gl.width, gl.height];
		[canvas.style.width, canvas.style.height] = [gl.style.width, gl.style.height];
		if (!this.shown) canvas.style.display = '';
		this.shown = true;
		const p = this.painting;
		if (p && r.painted !== p) {
			if (this.paletteFor?.p !== p) this.paletteFor = { p, palette: this.palette(r.frame.codes, p) };
			r.paint(this.paletteFor.palette);
			r.painted = p;
		}
		const f = r.frame;
		const ratio = gl.width / gl.clientWidth || 1;
		const topLeft = m.project(lngLat(f.x0, f.y0, f.zoom));
		const scale = 2 ** (zoom - f.zoom) * ratio;
		const ctx = context2d(canvas);
		ctx.fillStyle = SEA;
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		// Every pixel one village: no smoothing, enlarged or (while the right level loads) shrunk.
		ctx.imageSmoothingEnabled = false;
		ctx.drawImage(r.canvas, topLeft.x * ratio, topLeft.y * ratio, f.width * scale, f.height * scale);
	}

	/** The canvas drawn under the map, if it shows now (the PNG export puts it under MapLibre's). */
	get canvas(): HTMLCanvasElement | null {
		return this.shown ? this.screen : null;
	}
}

/**
 * The zoom band the village raster draws on one map: a village map below `RASTER_MAXZOOM`, unless the geometry version
 * has no raster or its files failed to load, when the vector fills draw every zoom. Below it MapLibre draws only lines
 * and names (see `mapStyle`).
 */
export class RasterBand {
	private rasters: VillageRasters | null = null;

	constructor(
		private readonly urls: () => { frames: string; image: string } | null,
		private readonly level: () => MapLevel,
		private readonly map: () => MapLibreMap | null,
		/** Paint the current colours again: a level arrived, or the raster failed and the fills took over. */
		private readonly repaint: (m: MapLibreMap) => void
	) {}

	/** Where MapLibre's village fills start. */
	get villagesFrom(): number {
		return this.urls() && !this.rasters?.failed ? RASTER_MAXZOOM : 0;
	}

	/** Whether the raster stands in for the map's fills, sea and land below `RASTER_MAXZOOM`. */
	get active(): boolean {
		return this.level() === 'village' && this.villagesFrom > 0;
	}

	/** Whether it does so at `zoom` (drawn, or still loading). */
	shows(zoom: number): boolean {
		return this.active && zoom < RASTER_MAXZOOM;
	}

	/** Whether a frame at `zoom` would show the current colours (not a raster still on its way). */
	ready(zoom: number): boolean {
		return !this.shows(zoom) || this.rasters?.has(zoom) === true;
	}

	/** Starts loading the level a village view shows at `zoom`, if it shows one there (no map needed yet). */
	need(zoom: number): void {
		const urls = this.urls();
		if (!urls || !this.shows(zoom)) return;
		this.rasters ??= new VillageRasters(urls, (error) => {
			const m = this.map();
			if (error !== undefined) {
				console.warn('village raster unavailable, drawing vector villages', error);
				if (m) for (const id of [...FILL_KINDS.map((kind) => `${kind}-village`), ...BASEMAP_LAYERS]) m.setLayerZoomRange(id, 0, 24);
			}
			if (m) this.repaint(m);
		});
		this.rasters.want(zoom);
	}

	/** The village of `region` drawn at a screen point. */
	villageAt(m: MapLibreMap, x: number, y: number, region: string): string | null {
		const at = m.unproject([x, y]);
		const code = this.rasters?.codeAt(m.getZoom(), at.lng, at.lat) ?? null;
		return code?.startsWith(childPrefix(region)) ? code : null;
	}

	/** The painting the raster shows from its next frame on (village maps only). */
	paint(p: RasterPaint): void {
		if (this.level() === 'village') this.rasters?.paint(p);
	}

	/** Draws (or hides) the raster canvas for the frame MapLibre is rendering. */
	draw(m: MapLibreMap): void {
		this.rasters?.draw(m, this.active);
	}

	/** The raster canvas if it shows now (the PNG export puts it under MapLibre's). */
	get canvas(): HTMLCanvasElement | null {
		return this.rasters?.canvas ?? null;
	}
}
