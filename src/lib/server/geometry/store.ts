import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { packCodes, RASTER_LEVELS, type RasterFrames } from '../../map/raster';
import { rasteriseVillages, rasterPng } from './raster';
import { bboxOf } from './shape';
import { buildTiles, LAYER_MINZOOM, MAX_ZOOM } from './tiles';
import { LAYER_NAMES, type Cell, type GeometryLayers, type LayerName } from './types';

/**
 * Geometry versions live beside the snapshots: `<data>/geometry/<id>/` with the tile pack
 * (`tiles.bin` + `tiles.json` offsets), a region index (bbox and inside point per code), the village
 * index raster (`villages-<zoom>.png` per level, `villages.json.gz` with their frames and codes) and a manifest. `<data>/geometry/current` is switched with one rename once a version validates.
 */
export const geometryManifestSchema = z.object({
	id: z.string().regex(/^[A-Za-z0-9_.-]+$/),
	created: z.string(),
	kind: z.enum(['demo', 'import']),
	/** Demo shapes are synthetic: every map that shows them says "batas indikatif". */
	indicative: z.boolean(),
	source: z.string(),
	bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
	maxzoom: z.number().int(),
	layers: z.record(z.string(), z.object({ minzoom: z.number().int(), features: z.number().int() })),
	tiles: z.number().int(),
	bytes: z.number().int(),
	/** The village index raster, one image per zoom (see map/raster.ts); absent in versions built before it, whose maps draw vector villages at every zoom. */
	raster: z
		.object({ levels: z.array(z.object({ zoom: z.number().int(), width: z.number().int(), height: z.number().int(), villages: z.number().int(), bytes: z.number().int() })) })
		.optional()
});
export type GeometryManifest = z.infer<typeof geometryManifestSchema>;

/** [minLon, minLat, maxLon, maxLat, insideLon, insideLat] */
export type RegionBox = [number, number, number, number, number, number];

export const geometryRoot = (dataRoot: string) => path.join(dataRoot, 'geometry');
const currentLink = (dataRoot: string) => path.join(geometryRoot(dataRoot), 'current');

export function geometryId(label: string, now = new Date()): string {
	return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${label.replace(/[^A-Za-z0-9_-]/g, '')}`;
}

const round = (v: number) => Math.round(v * 1e5) / 1e5;

function regionBoxes(layers: GeometryLayers): Record<string, RegionBox> {
	const out: Record<string, RegionBox> = {};
	for (const name of LAYER_NAMES) {
		for (const c of layers[name]) {
			out[c.code] = [...bboxOf(c.shape), ...c.anchor].map(round) as RegionBox;
		}
	}
	return out;
}

/** Writes a new geometry version (not yet published) and returns its folder. */
export function writeGeometry(
	dataRoot: string,
	layers: GeometryLayers,
	meta: Pick<GeometryManifest, 'id' | 'kind' | 'indicative' | 'source'>,
	names: ReadonlyMap<string, string>
): string {
	const dir = path.join(geometryRoot(dataRoot), meta.id);
	const tmp = `${dir}.partial`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	const fd = fs.openSync(path.join(tmp, 'tiles.bin'), 'w');
	const index: Record<string, [number, number]> = {};
	let offset = 0;
	for (const t of buildTiles(layers, names)) {
		fs.writeSync(fd, t.data);
		index[`${t.z}/${t.x}/${t.y}`] = [offset, t.data.byteLength];
		offset += t.data.byteLength;
	}
	fs.closeSync(fd);
	const boxes = regionBoxes(layers);
	const boundsOf = (cells: Cell[]): GeometryManifest['bounds'] => {
		const b = cells.map((c) => boxes[c.code]!);
		return [Math.min(...b.map((x) => x[0])), Math.min(...b.map((x) => x[1])), Math.max(...b.map((x) => x[2])), Math.max(...b.map((x) => x[3]))];
	};
	const top = (names: readonly LayerName[]) => layers[names.find((n) => layers[n].length) ?? 'village'];
	// The camera fits the regions with data (demo provinces outside the scope are only land around them); the raster covers all land.
	const bounds = boundsOf(top(['regency', 'province', 'district', 'village']));
	const land = boundsOf(top(LAYER_NAMES));
	const manifest: GeometryManifest = {
		...meta,
		created: new Date().toISOString(),
		bounds,
		maxzoom: MAX_ZOOM,
		layers: Object.fromEntries(LAYER_NAMES.map((n) => [n, { minzoom: LAYER_MINZOOM[n], features: layers[n].length }])),
		tiles: Object.keys(index).length,
		bytes: offset
	};
	if (layers.village.length) {
		const frames: RasterFrames = { levels: [], codes: '' };
		manifest.raster = { levels: [] };
		for (const zoom of RASTER_LEVELS) {
			const raster = rasteriseVillages(layers.village, land, zoom, layers.province);
			const { ids, codes, ...frame } = raster;
			const png = rasterPng(raster);
			fs.writeFileSync(path.join(tmp, rasterImage(zoom)), png);
			frames.levels.push(frame);
			// Every level names the same codes in the same order.
			frames.codes ||= packCodes(codes);
			manifest.raster.levels.push({ zoom, width: frame.width, height: frame.height, villages: new Set(ids).size - 1, bytes: png.byteLength });
		}
		fs.writeFileSync(path.join(tmp, RASTER_FRAMES), gzipSync(JSON.stringify(frames)));
	}
	fs.writeFileSync(path.join(tmp, 'tiles.json'), JSON.stringify(index));
	fs.writeFileSync(path.join(tmp, 'regions.json'), JSON.stringify(boxes));
	fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, '\t'));
	fs.rmSync(dir, { recursive: true, force: true });
	fs.renameSync(tmp, dir);
	return dir;
}

/** Problems that keep a version from going live; empty when it may be published. */
export function validateGeometry(dir: string): string[] {
	const problems: string[] = [];
	const m = geometryManifestSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
	if (!m.success) return [`manifest: ${m.error.message}`];
	const index = JSON.parse(fs.readFileSync(path.join(dir, 'tiles.json'), 'utf8')) as Record<string, [number, number]>;
	const size = fs.statSync(path.join(dir, 'tiles.bin')).size;
	if (!Object.keys(index).length) problems.push('no tiles');
	if (Object.values(index).some(([off, len]) => off + len > size)) problems.push('tile index points past the end of tiles.bin');
	if (!Object.values(m.data.layers).some((l) => l.features > 0)) problems.push('no features in any layer');
	const files = [RASTER_FRAMES, ...(m.data.raster?.levels.map((l) => rasterImage(l.zoom)) ?? [])];
	if (m.data.raster && files.some((f) => !fs.existsSync(path.join(dir, f)))) problems.push('village raster files missing');
	return problems;
}

/** Validates, then points `current` at the version with one rename; throws (old version stays live) otherwise. */
export function publishGeometry(dataRoot: string, id: string): void {
	const problems = validateGeometry(path.join(geometryRoot(dataRoot), id));
	if (problems.length) throw new Error(`geometry ${id} not published: ${problems.join('; ')}`);
	const tmp = path.join(geometryRoot(dataRoot), `.current-${process.pid}-${Date.now()}`);
	fs.symlinkSync(id, tmp);
	fs.renameSync(tmp, currentLink(dataRoot));
}

export interface OpenGeometry {
	dir: string;
	manifest: GeometryManifest;
	regions: Record<string, RegionBox>;
	tile(z: number, x: number, y: number): Buffer | null;
	/** A file of the village raster (read once): `RASTER_FRAMES` or a level's image; null when this version has no such file. */
	raster(file: string): Buffer | null;
}

export const RASTER_FRAMES = 'villages.json.gz';
export const rasterImage = (zoom: number) => `villages-${zoom}.png`;

let cached: OpenGeometry | null = null;

/** The published geometry, reopened when `current` moves; null when none is built yet. */
export function currentGeometry(dataRoot: string): OpenGeometry | null {
	let dir: string;
	try {
		dir = path.resolve(geometryRoot(dataRoot), fs.readlinkSync(currentLink(dataRoot)));
	} catch {
		return null;
	}
	if (cached?.dir === dir) return cached;
	const manifest = geometryManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
	const index = JSON.parse(fs.readFileSync(path.join(dir, 'tiles.json'), 'utf8')) as Record<string, [number, number]>;
	const regions = JSON.parse(fs.readFileSync(path.join(dir, 'regions.json'), 'utf8')) as Record<string, RegionBox>;
	// The descriptor stays open for the life of the version, so a later switch cannot pull the file away mid-read.
	const fd = fs.openSync(path.join(dir, 'tiles.bin'), 'r');
	const rasterFiles = new Map<string, Buffer | null>();
	const known = new Set([RASTER_FRAMES, ...(manifest.raster?.levels.map((l) => rasterImage(l.zoom)) ?? [])]);
	cached = {
		dir,
		manifest,
		regions,
		tile(z, x, y) {
			const entry = index[`${z}/${x}/${y}`];
			if (!entry) return null;
			const buf = Buffer.alloc(entry[1]);
			fs.readSync(fd, buf, 0, entry[1], entry[0]);
			return buf;
		},
		raster(file) {
			// Only names the manifest lists: the name comes from a URL.
			if (!rasterFiles.has(file)) rasterFiles.set(file, manifest.raster && known.has(file) ? fs.readFileSync(path.join(dir, file)) : null);
			return rasterFiles.get(file) ?? null;
		}
	};
	return cached;
}
