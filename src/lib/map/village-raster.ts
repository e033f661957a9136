import type { CanvasSource, Map as MapLibreMap } from 'maplibre-gl';
import { codeAt, levelFor, levelZooms, paintRaster, rasterCorners, rasterIds, rasterPalette, unpackCodes, type RasterFrame, type RasterFrames, type RasterPaint } from './raster';
import { RASTER_LAYER, RASTER_SOURCE } from './style';

/** One level of the village raster in the browser: its decoded ids, and the canvas a MapLibre canvas source shows. */
export interface VillageRaster {
	frame: RasterFrame;
	canvas: HTMLCanvasElement;
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

/** Fetches and decodes one level's index image, through the browser's own PNG decoder. */
async function loadVillageRaster(frame: RasterFrame, url: string): Promise<VillageRaster> {
	// The ids are colours only by encoding: no colour management may touch them.
	const bitmap = await createImageBitmap(await (await ok(await fetch(url))).blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
	const { width, height } = bitmap;
	if (width !== frame.width || height !== frame.height) throw new Error(`village raster: image ${width}×${height}, frame ${frame.width}×${frame.height}`);
	const reader = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
	if (!reader) throw new Error('village raster: no 2D canvas');
	reader.drawImage(bitmap, 0, 0);
	bitmap.close();
	const ids = rasterIds(reader.getImageData(0, 0, width, height).data);
	const canvas = document.createElement('canvas');
	[canvas.width, canvas.height] = [width, height];
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('village raster: no 2D canvas');
	const image = ctx.createImageData(width, height);
	const pixels = new Uint32Array(image.data.buffer);
	return {
		frame,
		canvas,
		paint(palette) {
			paintRaster(frame, ids, palette, pixels);
			ctx.putImageData(image, 0, 0);
		},
		codeAt: (lon, lat) => codeAt(frame, ids, lon, lat)
	};
}

/**
 * The raster's levels on one map: each loaded the first time its zoom is asked for (`want`, which needs
 * no map yet), painted from one palette, and shown as a canvas source under the admin lines from its zoom to the next.
 */
export class VillageRasters {
	private frames: Promise<RasterFrame[]> | null = null;
	private readonly levels = new Map<number, VillageRaster>();
	private readonly loading = new Set<number>();
	private visible = true;

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
		this.frames
			.then((all) => {
				const frame = all.find((f) => f.zoom === z);
				if (!frame) throw new Error(`village raster: no level ${z}`);
				return loadVillageRaster(frame, this.urls.image.replace('{z}', String(z)));
			})
			.then(
				(r) => {
					this.levels.set(z, r);
					this.done();
				},
				(err: unknown) => this.done(err)
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

	/** Paints every loaded level and hands it to the map (adding its source and layer the first time). */
	paint(m: MapLibreMap, p: RasterPaint): void {
		let palette: Uint32Array | null = null;
		for (const [z, r] of this.levels) {
			palette ??= rasterPalette(r.frame.codes, p);
			r.paint(palette);
			const source = m.getSource<CanvasSource>(`${RASTER_SOURCE}-${z}`);
			if (source) {
				// A paused canvas source copies its canvas again only here (play, then pause, uploads it once).
				source.play();
				source.pause();
				continue;
			}
			const [minzoom, maxzoom] = levelZooms(z);
			m.addSource(`${RASTER_SOURCE}-${z}`, { type: 'canvas', canvas: r.canvas, coordinates: rasterCorners(r.frame), animate: false });
			m.addLayer(
				{
					id: `${RASTER_LAYER}-${z}`,
					type: 'raster',
					source: `${RASTER_SOURCE}-${z}`,
					minzoom,
					maxzoom,
					layout: { visibility: this.visible ? 'visible' : 'none' },
					paint: { 'raster-resampling': 'nearest', 'raster-fade-duration': 0 }
				},
				'district-lines'
			);
		}
	}

	/** Shows or hides every level (the map's level is villages, or not). */
	show(m: MapLibreMap, visible: boolean): void {
		this.visible = visible;
		for (const z of this.levels.keys()) m.setLayoutProperty(`${RASTER_LAYER}-${z}`, 'visibility', visible ? 'visible' : 'none');
	}
}
