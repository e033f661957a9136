import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_CLASS, type Colouring } from '../../map/values';
import { codeAt, fitZoom, LAND_ID, levelFor, levelZooms, lngLat, packCodes, paintRaster, RASTER_LEVELS, RASTER_MAXZOOM, rasterCorners, rasterIds, rasterPalette, unpackCodes, worldPixel, type RasterFrame, type RasterFrames } from '../../map/raster';
import { currentSnapshotDir } from '../snapshot/store';
import { regionMaster, regionNames } from './build';
import { demoGeometry } from './demo';
import { demoWorld } from './land';
import { rasteriseVillages, rasterPng } from './raster';
import { currentGeometry, geometryRoot, publishGeometry, writeGeometry } from './store';
import type { Cell, GeometryLayers } from './types';

const RASTER_ZOOM = 5;

/** Lon/lat of a world pixel at zoom 5. */
const at = (px: number, py: number) => lngLat(px, py, RASTER_ZOOM);

/** A lon/lat square whose corners are whole raster pixels `[x, y]` to `[x + size, y + size]` (Mercator is monotone, so a pixel box is a lon/lat box). */
function pixelSquare(code: string, x: number, y: number, size: number, hole?: [number, number, number]): Cell {
	const ring = (x0: number, y0: number, s: number) => [at(x0, y0), at(x0 + s, y0), at(x0 + s, y0 + s), at(x0, y0 + s), at(x0, y0)];
	return { code, shape: [[ring(x, y, size), ...(hole ? [ring(...hole)] : [])]], anchor: at(x + size / 2, y + size / 2) };
}

describe('village index raster', () => {
	// Whole pixels 13,000–13,020 × 7,000–7,010 at zoom 5 (around 105.6° E, 2.2° S).
	const [x0, y0] = [13_000, 7_000];
	const cells = [pixelSquare('63.02.01.2002', x0 + 10, y0, 10), pixelSquare('63.02.01.2001', x0, y0, 10, [x0 + 3, y0 + 3, 4])];
	const box = (c: Cell[]) => {
		const pts = c.flatMap((x) => x.shape[0]![0]!);
		return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))] as const;
	};

	it('gives each pixel the village covering its centre, none to a hole, ids in code order', () => {
		const r = rasteriseVillages(cells, box(cells), RASTER_ZOOM);
		expect([r.x0, r.y0, r.width, r.height, r.zoom]).toEqual([x0, y0, 20, 10, RASTER_ZOOM]);
		expect(r.codes).toEqual(['63.02.01.2001', '63.02.01.2002']);
		const count = (id: number) => r.ids.filter((v) => v === id).length;
		expect([count(1), count(2), count(0)]).toEqual([100 - 16, 100, 16]);
		expect(r.ids[0]).toBe(1);
		expect(r.ids[5 * 20 + 5]).toBe(0);
		expect(r.ids[9 * 20 + 19]).toBe(2);
		const pick = (px: number, py: number) => codeAt(r, r.ids, ...at(px, py));
		expect([pick(x0 + 0.5, y0 + 0.5), pick(x0 + 15.5, y0 + 2.5), pick(x0 + 5.5, y0 + 5.5), pick(x0 - 3, y0)]).toEqual(['63.02.01.2001', '63.02.01.2002', null, null]);
		// Land drawn first: the hole (land without a village) is land, the villages keep their own pixels, and land names no village.
		const withLand = rasteriseVillages(cells, box(cells), RASTER_ZOOM, [pixelSquare('63', x0, y0, 20)]);
		expect([withLand.ids.filter((v) => v === LAND_ID).length, withLand.ids[0], withLand.ids[9 * 20 + 19]]).toEqual([16, 1, 2]);
		expect(codeAt(withLand, withLand.ids, ...at(x0 + 5.5, y0 + 5.5))).toBeNull();
		const painted = new Uint32Array(withLand.ids.length);
		paintRaster(withLand, withLand.ids, rasterPalette(withLand.codes, { colouring: { codes: [], classIndex: new Uint8Array(), colours: [] }, suppressed: new Set(), nodata: true, region: 'ID' }), painted);
		expect(Array.from(new Uint8Array(Uint32Array.of(painted[5 * 20 + 5]!).buffer))).toEqual([0xf4, 0xf1, 0xea, 255]);
		// The corners MapLibre places the image at are the frame's own pixels.
		const [tl, , br] = rasterCorners(r);
		expect(worldPixel(tl[0], tl[1], RASTER_ZOOM).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([x0, y0]);
		expect(worldPixel(br[0], br[1], RASTER_ZOOM).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([x0 + 20, y0 + 10]);
	});

	it('round-trips the ids through the PNG', () => {
		const r = rasteriseVillages(cells, box(cells), RASTER_ZOOM);
		const png = decode(rasterPng(r));
		expect([png.width, png.height, png.channels]).toEqual([20, 10, 3]);
		const rgba = new Uint8Array(r.ids.length * 4);
		for (let p = 0; p < r.ids.length; p++) rgba.set([...(png.data as Uint8Array).subarray(3 * p, 3 * p + 3), 255], 4 * p);
		expect(Array.from(rasterIds(rgba))).toEqual(Array.from(r.ids));
	});

	it('paints class colours, dots where suppressed, hatch where the region has no value, land outside the region, sea where no village is', () => {
		const frame: RasterFrame = { zoom: RASTER_ZOOM, x0: 0, y0: 0, width: 8, height: 1, codes: ['63.02.01.2001', '63.02.01.2002', '63.02.01.2003', '64.01.01.2001'] };
		const ids = Uint32Array.from([1, 1, 2, 2, 3, 3, 4, 0]);
		// Sorted like the raster's codes, with a village the raster does not draw (1999) and one without a value (2003).
		const colouring: Colouring = {
			codes: ['63.02.01.1999', '63.02.01.2001', '63.02.01.2003', '64.01.01.2001'],
			classIndex: Uint8Array.of(0, 2, NO_CLASS, 4),
			colours: ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154']
		};
		const palette = rasterPalette(frame.codes, { colouring, suppressed: new Set(['63.02.01.2002']), nodata: true, region: '63.02' });
		const out = new Uint32Array(8);
		paintRaster(frame, ids, palette, out);
		const teal = new Uint8Array(Uint32Array.of(out[0]!).buffer);
		expect(Array.from(teal)).toEqual([0x21, 0x91, 0x8c, 255]);
		const [ink, paper] = [0xff6e6e6e, 0xffffffff];
		// Dots at x % 4 === 1 (row 0 has none); hatch where (x + y) % 8 < 2, else paper.
		const land = new Uint32Array(Uint8Array.of(0xf4, 0xf1, 0xea, 255).buffer)[0];
		expect([out[2], out[3], out[4], out[5], out[6], out[7]]).toEqual([paper, paper, paper, paper, land, 0]);
		const hatched = new Uint32Array(8);
		paintRaster(frame, Uint32Array.from([3, 3, 3, 3, 3, 3, 3, 3]), palette, hatched);
		expect(Array.from(hatched)).toEqual([ink, ink, paper, paper, paper, paper, paper, paper]);
		const national = rasterPalette(frame.codes, { colouring, suppressed: new Set(), nodata: false, region: 'ID' });
		const purple = new Uint8Array(Uint32Array.of(national[4]!).buffer);
		// Without the hatch, a village without a value is plain land.
		expect([national[0], national[3]]).toEqual([0, land]);
		expect(Array.from(purple)).toEqual([0x44, 0x01, 0x54, 255]);
		const nothing = rasterPalette(frame.codes, { colouring: { codes: [], classIndex: new Uint8Array(), colours: [] }, suppressed: new Set(), nodata: false, region: 'ID' });
		expect(Array.from(nothing)).toEqual([0, land, land, land, land]);
	});

	it('shows each level from its zoom to the next, always enlarged, up to where the vector villages start', () => {
		expect(RASTER_LEVELS).toEqual([1, 2, 3, 4, 5]);
		expect([0.4, 1, 4.2, 4.99, 5, 5.4].map(levelFor)).toEqual([1, 1, 4, 4, 5, 5]);
		expect(RASTER_LEVELS.map(levelZooms)).toEqual([[0, 2], [2, 3], [3, 4], [4, 5], [5, RASTER_MAXZOOM]]);
		// Indonesia in a 1,280 × 640 box with 24 px padding opens between zoom 4 and 5.
		const z = fitZoom([95.2, -10.1, 140.4, 5.8], 1280, 640, 24);
		expect(z).toBeGreaterThan(4);
		expect(z).toBeLessThan(5);
		// At that zoom the map is the box's width: 46.2° of 360° of a 512 · 2^z world.
		expect(Math.round((512 * 2 ** z * (140.4 - 95.2)) / 360)).toBe(1280 - 48);
	});

	it('packs sorted codes into runs and back, odd suffixes included', () => {
		const codes = ['11.01.01.2001', '11.01.01.2002', '11.01.01.2003', '11.01.01.2005', '11.01.02.1001', '11.01.02.0007', '11.01.02.2001'];
		expect(packCodes(codes)).toBe('11.01.01:2001-2003,2005\n11.01.02:1001,0007,2001');
		expect(unpackCodes(packCodes(codes))).toEqual(codes);
		expect(unpackCodes(packCodes([]))).toEqual([]);
	});
});

describe('village raster of the demo boundaries', () => {
	let layers: GeometryLayers;
	let names: Map<string, string>;
	beforeAll(async () => {
		const regions = await regionMaster(currentSnapshotDir(path.resolve('data')) as string);
		layers = demoGeometry(regions, ['63.02'], 7, await demoWorld());
		names = regionNames(regions);
	});

	it("puts nearly every Kotabaru village's inside point on its own pixel, and packs its codes", () => {
		// At zoom 7, where Kotabaru's villages (a few kilometres across) are several pixels wide.
		const r = rasteriseVillages(layers.village, [115.2, -4.9, 116.9, -1.5], 7);
		const own = layers.village.filter((c) => codeAt(r, r.ids, c.anchor[0], c.anchor[1]) === c.code);
		expect(own.length / layers.village.length).toBeGreaterThanOrEqual(0.8);
		expect(unpackCodes(packCodes(r.codes))).toEqual(r.codes);
		expect(r.codes).toHaveLength(202);
	});

	it('is written with each version and refused at publishing when its files are missing', () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-raster-'));
		const meta = { kind: 'demo' as const, indicative: true, source: 'test' };
		const dir = writeGeometry(root, layers, { ...meta, id: 'r1' }, names);
		publishGeometry(root, 'r1');
		const g = currentGeometry(root)!;
		expect(g.manifest.raster?.levels.map((l) => l.zoom)).toEqual(RASTER_LEVELS);
		// At level 5 a pixel is about 2.4 km: most of Kotabaru's villages own one.
		expect(g.manifest.raster?.levels.at(-1)?.villages).toBeGreaterThan(101);
		const frames = JSON.parse(gunzipSync(g.raster('villages.json.gz')!).toString()) as RasterFrames;
		expect(unpackCodes(frames.codes)).toHaveLength(202);
		for (const f of frames.levels) expect(decode(g.raster(`villages-${f.zoom}.png`)!).width).toBe(f.width);
		// Each level is half the next one's size (give or take the pixel each edge rounds out to).
		const top = frames.levels.at(-1)!;
		for (const f of frames.levels) expect(Math.abs(f.width - top.width / 2 ** (top.zoom - f.zoom))).toBeLessThanOrEqual(2);
		expect(g.raster('../manifest.json')).toBeNull();
		fs.rmSync(path.join(dir, 'villages-3.png'));
		fs.cpSync(dir, path.join(geometryRoot(root), 'r2'), { recursive: true });
		expect(() => publishGeometry(root, 'r2')).toThrow(/village raster files missing/);
	});
});
