import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import polygonClipping from 'polygon-clipping';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentSnapshotDir } from '../snapshot/store';
import { regionMaster, regionNames } from './build';
import { demoGeometry } from './demo';
import { demoWorld, type DemoWorld } from './land';
import { bboxOf, multiPolygonArea, pointInMultiPolygon } from './shape';
import { currentGeometry, geometryRoot, publishGeometry, writeGeometry } from './store';
import { LABEL_MINZOOM, labelLayer } from '../../map/style';
import { mapPreview } from './preview';
import { buildTiles, MAX_ZOOM } from './tiles';
import type { Cell, GeometryLayers, RegionRow } from './types';

let regions: RegionRow[];
let world: DemoWorld;
let layers: GeometryLayers;
let names: Map<string, string>;
beforeAll(async () => {
	regions = await regionMaster(currentSnapshotDir(path.resolve('data')) as string);
	world = await demoWorld();
	layers = demoGeometry(regions, ['63.02'], 7, world);
	names = regionNames(regions);
});

const byCode = (cells: Cell[]) => new Map(cells.map((c) => [c.code, c]));
/** Tile coordinates holding a lon/lat point at zoom z (Web Mercator). */
function tileAt([lon, lat]: [number, number], z: number): [number, number] {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

describe('indicative demo boundaries', () => {
	it("draw every one of Kotabaru's 22 districts and 202 villages, each village inside its district", () => {
		const kotabaru = regions.filter((r) => r.code.startsWith('63.02.'));
		expect(layers.district.map((c) => c.code).sort()).toEqual(kotabaru.filter((r) => r.level === 'district').map((r) => r.code).sort());
		expect(layers.village).toHaveLength(202);
		const districts = byCode(layers.district);
		for (const v of layers.village) {
			const d = districts.get(v.code.slice(0, 8));
			expect(d, v.code).toBeDefined();
			const outside = multiPolygonArea(polygonClipping.difference(v.shape, d!.shape));
			expect(outside / multiPolygonArea(v.shape), v.code).toBeLessThan(1e-9);
			expect(pointInMultiPolygon(v.anchor, v.shape), v.code).toBe(true);
		}
	});

	it('tile each district with its villages: no gaps and no overlaps', () => {
		for (const d of layers.district) {
			const villages = layers.village.filter((v) => v.code.startsWith(`${d.code}.`));
			const sum = villages.reduce((s, v) => s + multiPolygonArea(v.shape), 0);
			expect(sum / multiPolygonArea(d.shape), d.code).toBeCloseTo(1, 6);
		}
	});

	it("lie on Indonesia's land: every Kotabaru village's inside point is inside the Natural Earth outline", () => {
		const off = layers.village.filter((v) => !pointInMultiPolygon(v.anchor, world.land)).map((v) => v.code);
		expect(off).toEqual([]);
		// Kalimantan Selatan's whole outline too (what the map draws as land under the villages).
		const kalsel = byCode(layers.province).get('63')!;
		const [x0, y0, x1, y1] = bboxOf(kalsel.shape);
		const near = world.land.filter((polygon) => {
			const [a, b, c, d] = bboxOf([polygon]);
			return a <= x1 && c >= x0 && b <= y1 && d >= y0;
		});
		expect(multiPolygonArea(polygonClipping.difference(kalsel.shape, near)) / multiPolygonArea(kalsel.shape)).toBeLessThan(1e-6);
	});

	it('put the provinces where they are: Kalimantan Selatan around Banjarmasin, its neighbours around Palangka Raya and Samarinda', () => {
		const provinceAt = (p: [number, number]) => layers.province.filter((c) => pointInMultiPolygon(p, c.shape)).map((c) => c.code);
		expect(provinceAt([114.59, -3.32])).toEqual(['63']);
		expect(provinceAt([115.3, -2.7])).toEqual(['63']);
		expect(provinceAt([113.92, -2.21])).toEqual(['62']);
		expect(provinceAt([117.15, -0.5])).toEqual(['64']);
		// And the other islands read as themselves: Java's provinces on Java, Papua's on New Guinea.
		expect(provinceAt([110.42, -6.99])).toEqual(['33']);
		expect(provinceAt([140.72, -2.53])).toEqual(['91']);
		// Kalimantan Selatan spans about 114.3–116.6° E and 1.3–4.2° S (islands to 4.9° S): within a degree of that.
		const [x0, y0, x1, y1] = bboxOf(byCode(layers.province).get('63')!.shape);
		expect(Math.max(...[x0, y0, x1, y1].map((v, i) => Math.abs(v - [114.3, -4.9, 116.6, -1.3][i]!)))).toBeLessThan(1);
	});

	it('give a region the same shape whatever else is in scope', () => {
		const wider = demoGeometry(regions, ['63.02', '64.02'], 7, world);
		expect(byCode(wider.village).get('63.02.01.2001')?.shape).toEqual(byCode(layers.village).get('63.02.01.2001')?.shape);
	});
});

describe('vector tiles', () => {
	const decode = (data: Uint8Array) => new VectorTile(new PbfReader(gunzipSync(data)));

	it('decode as Mapbox Vector Tiles with the region levels as layers and the code as feature id property', () => {
		const tiles = [...buildTiles(layers, names)];
		const index = new Map(tiles.map((t) => [`${t.z}/${t.x}/${t.y}`, t.data]));
		const world = decode(index.get('0/0/0')!);
		expect(Object.keys(world.layers).sort()).toEqual(['province', 'regency']);
		const village = byCode(layers.village).get('63.02.01.2001')!;
		const [x, y] = tileAt(village.anchor, MAX_ZOOM);
		const tile = decode(index.get(`${MAX_ZOOM}/${x}/${y}`)!);
		const codes = Array.from({ length: tile.layers.village!.length }, (_, i) => tile.layers.village!.feature(i).properties.code);
		expect(codes).toContain('63.02.01.2001');
		expect(Math.max(...tiles.map((t) => t.z))).toBe(MAX_ZOOM);
	});

	it('carry each district and village name at its inside point from the zoom where labels fit', () => {
		const tiles = new Map([...buildTiles(layers, names)].map((t) => [`${t.z}/${t.x}/${t.y}`, t.data]));
		for (const level of ['district', 'village'] as const) {
			const cell = layers[level][0]!;
			const labelsAt = (z: number) => {
				const [x, y] = tileAt(cell.anchor, z);
				const layer = decode(tiles.get(`${z}/${x}/${y}`)!).layers[labelLayer(level)];
				return layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i)) : [];
			};
			expect(labelsAt(LABEL_MINZOOM[level] - 1)).toEqual([]);
			const label = labelsAt(LABEL_MINZOOM[level]).find((f) => f.properties.code === cell.code);
			expect(label?.properties.name).toBe(regions.find((r) => r.code === cell.code)?.name);
			expect(label?.type).toBe(1);
		}
	});

	it('keep the regency view small: every tile for Kotabaru at zoom 8 fits in 1 MB together', () => {
		const z8 = [...buildTiles(layers, names)].filter((t) => t.z === 8);
		expect(z8.reduce((s, t) => s + t.data.byteLength, 0)).toBeLessThan(1_000_000);
	});
});

describe('geometry versions', () => {
	it('publish a version only when it validates; a broken one leaves the old one live', () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-geometry-'));
		const meta = { kind: 'demo', indicative: true, source: 'test' } as const;
		writeGeometry(root, layers, { ...meta, id: 'v1' }, names);
		publishGeometry(root, 'v1');
		expect(currentGeometry(root)?.manifest.id).toBe('v1');
		expect(currentGeometry(root)?.tile(0, 0, 0)).toBeInstanceOf(Buffer);

		const dir = writeGeometry(root, layers, { ...meta, id: 'v2' }, names);
		fs.truncateSync(path.join(dir, 'tiles.bin'), 10);
		expect(() => publishGeometry(root, 'v2')).toThrow(/not published: tile index points past the end/);
		expect(currentGeometry(root)?.manifest.id).toBe('v1');
		expect(fs.readlinkSync(path.join(geometryRoot(root), 'current'))).toBe('v1');
	});
});

describe('server-drawn preview', () => {
	it("outlines every one of Kotabaru's villages from the published tiles, in tile units around the region's box", () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-preview-'));
		writeGeometry(root, layers, { id: 'p1', kind: 'demo', indicative: true, source: 'test' }, names);
		publishGeometry(root, 'p1');
		const g = currentGeometry(root)!;
		const bounds = g.regions['63.02']!.slice(0, 4) as [number, number, number, number];
		const p = mapPreview(g, '63.02', 'village', bounds)!;
		expect(new Set(p.tiles.flatMap((t) => t.regions.map((r) => r.code)))).toEqual(new Set(layers.village.map((c) => c.code)));
		for (const k of ['land', 'districts', 'regencies'] as const) expect(p.tiles.some((t) => t[k]), k).toBe(true);
		// Each village's path lies in its tile (plus the tile buffer) and near the region's box.
		const [bx, by, bw, bh] = p.box;
		for (const t of p.tiles) {
			for (const r of t.regions) {
				const [x, y] = r.d.slice(1).split(/[ l]/).map(Number) as [number, number];
				expect(x).toBeGreaterThanOrEqual(t.x - 64);
				expect(x).toBeLessThanOrEqual(t.x + 4096 + 64);
				expect(x).toBeGreaterThan(bx - bw);
				expect(y).toBeLessThan(by + 2 * bh);
			}
		}
		expect(mapPreview(g, '63.02', 'district', bounds)!.tiles.flatMap((t) => t.regions)).not.toHaveLength(0);
		// No outlines, no preview (a region outside these boundaries).
		expect(mapPreview(g, '63.01', 'village', bounds)).toBeNull();
	});
});
