import fs from 'node:fs';
import path from 'node:path';
import kinks from '@turf/kinks';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import polygonClipping, { type MultiPolygon, type Pair, type Polygon } from 'polygon-clipping';
import shp from 'shpjs';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { currentSnapshotDir } from '../snapshot/store';
import { regionMaster, regionNames } from './build';
import { bboxOf, edges, ringArea } from './shape';
import { geometryId, geometryRoot, publishGeometry, validateGeometry, writeGeometry } from './store';
import { LAYER_NAMES, type Cell, type GeometryLayers, type LayerName, type RegionRow } from './types';

export type BoundaryFormat = 'geojson' | 'topojson' | 'shapefile';

export interface ImportReport {
	file: string;
	format: BoundaryFormat;
	codeField: string;
	level: 'village' | 'district';
	features: number;
	matched: number;
	/** Codes in the file that the region master does not know. */
	unmatched: { feature: number; code: string }[];
	/** Master codes at the imported level, inside the regencies the file covers, with no feature in the file. */
	missing: string[];
	duplicates: string[];
	repaired: { code: string; problem: string }[];
	/** Features left out: no usable polygon even after repair. */
	invalid: { feature: number; code: string | null; problem: string }[];
}

export interface ImportResult {
	id: string;
	report: ImportReport;
	problems: string[];
	published: boolean;
}

/** Reads any of the supported formats into GeoJSON features; parsing is left to maintained libraries. */
export async function readBoundaryFile(file: string): Promise<{ format: BoundaryFormat; features: Feature[] }> {
	const bytes = fs.readFileSync(file);
	if (/\.zip$/i.test(file)) {
		const parsed = (await shp(bytes)) as FeatureCollection | FeatureCollection[];
		return { format: 'shapefile', features: (Array.isArray(parsed) ? parsed : [parsed]).flatMap((c) => c.features) };
	}
	const json = JSON.parse(bytes.toString('utf8')) as Topology | FeatureCollection | Feature;
	if (json.type === 'Topology') {
		const features = Object.values(json.objects).flatMap((o) => {
			const f = topoFeature(json, o) as Feature | FeatureCollection;
			return f.type === 'FeatureCollection' ? f.features : [f];
		});
		return { format: 'topojson', features };
	}
	return { format: 'geojson', features: json.type === 'FeatureCollection' ? json.features : [json as Feature] };
}

/** Kemendagri code with dots from `64.02.13.1008`, `6402131008`, `64.02.13` or `640213`; null otherwise. */
export function normaliseCode(raw: unknown): string | null {
	const s = String(raw ?? '').trim();
	if (/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/.test(s)) return s;
	const m = /^(\d{2})(\d{2})(\d{2})(\d{4})?$/.exec(s);
	return m ? [m[1], m[2], m[3], m[4]].filter(Boolean).join('.') : null;
}

/** The property whose values are most often known region codes. */
function guessCodeField(features: Feature[], known: Set<string>): string {
	const counts = new Map<string, number>();
	for (const f of features.slice(0, 500)) {
		for (const [k, v] of Object.entries(f.properties ?? {})) {
			const c = normaliseCode(v);
			if (c && known.has(c)) counts.set(k, (counts.get(k) ?? 0) + 1);
		}
	}
	const best = [...counts].sort((a, b) => b[1] - a[1])[0];
	if (!best) throw new Error('No property holds Kemendagri region codes; name it with --code-field');
	return best[0];
}

function polygonsOf(g: Geometry | null): Polygon[] | string {
	if (!g) return 'no geometry';
	if (g.type === 'Polygon') return [g.coordinates as Polygon];
	if (g.type === 'MultiPolygon') return g.coordinates as Polygon[];
	return `geometry type ${g.type} is not a polygon`;
}

/** Drops degenerate rings and resolves self-intersections by a union with itself; a string says why it failed. */
export function repairGeometry(g: Geometry | null): { shape: MultiPolygon; problem: string | null } | string {
	const polys = polygonsOf(g);
	if (typeof polys === 'string') return polys;
	const flat = polys.flat(2);
	if (flat.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90)) {
		return 'coordinates are not longitude/latitude (projected without a .prj?)';
	}
	const cleaned = polys
		.map((p) => p.filter((ring) => new Set(ring.map(([x, y]) => `${x},${y}`)).size >= 3))
		.filter((p) => p.length > 0);
	if (!cleaned.length) return 'no ring with three distinct points';
	let problem: string | null = cleaned.length < polys.length || cleaned.some((p, i) => p.length < (polys[i]?.length ?? 0)) ? 'degenerate rings dropped' : null;
	const crossings = cleaned.reduce((n, p) => n + kinks({ type: 'Polygon', coordinates: p }).features.length, 0);
	if (crossings) problem = `${crossings} self-intersection(s) resolved`;
	const shape = polygonClipping.union(cleaned as MultiPolygon);
	if (!shape.length) return 'polygon has no area';
	return { shape, problem };
}

/** A point inside the largest polygon: the middle of the widest span along its middle latitude. */
export function insidePoint(shape: MultiPolygon): Pair {
	const poly = [...shape].sort((a, b) => ringArea(b[0] ?? []) - ringArea(a[0] ?? []))[0] ?? [];
	const [, y0, , y1] = bboxOf([poly]);
	const y = (y0 + y1) / 2;
	const xs: number[] = [];
	for (const ring of poly) {
		for (const [[xj, yj], [xi, yi]] of edges(ring)) if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
	}
	xs.sort((a, b) => a - b);
	let best: Pair = [xs[0] ?? 0, y];
	for (let i = 0, width = -1; i + 1 < xs.length; i += 2) {
		const [l, r] = [xs[i]!, xs[i + 1]!];
		if (r - l > width) [width, best] = [r - l, [(l + r) / 2, y]];
	}
	return best;
}

/** Parent cells by dissolving children that share a code prefix. */
function dissolve(children: Cell[], codeLength: number): Cell[] {
	const groups = new Map<string, MultiPolygon[]>();
	for (const c of children) {
		const key = c.code.slice(0, codeLength);
		groups.set(key, [...(groups.get(key) ?? []), c.shape]);
	}
	return [...groups].map(([code, shapes]) => {
		const [first, ...rest] = shapes as [MultiPolygon, ...MultiPolygon[]];
		const shape = polygonClipping.union(first, ...rest);
		return { code, shape, anchor: insidePoint(shape) };
	});
}

const CODE_LENGTH: Record<LayerName, number> = { province: 2, regency: 5, district: 8, village: 13 };

/** Matches features to the region master, repairs or reports bad geometry, and builds the layers. */
export function matchBoundaries(features: Feature[], master: RegionRow[], codeField?: string) {
	const known = new Map(master.map((r) => [r.code, r]));
	const field = codeField ?? guessCodeField(features, new Set(known.keys()));
	const codes = features.map((f) => normaliseCode(f.properties?.[field]));
	const village = codes.filter((c) => c?.length === CODE_LENGTH.village).length;
	const level: 'village' | 'district' = village >= codes.length / 2 ? 'village' : 'district';
	const report: Omit<ImportReport, 'file' | 'format'> = { codeField: field, level, features: features.length, matched: 0, unmatched: [], missing: [], duplicates: [], repaired: [], invalid: [] };
	const cells = new Map<string, Cell>();
	features.forEach((f, i) => {
		const code = codes[i];
		const raw = String(f.properties?.[field] ?? '');
		if (!code || known.get(code)?.level !== level) {
			report.unmatched.push({ feature: i, code: raw });
			return;
		}
		const fixed = repairGeometry(f.geometry);
		if (typeof fixed === 'string') {
			report.invalid.push({ feature: i, code, problem: fixed });
			return;
		}
		if (fixed.problem) report.repaired.push({ code, problem: fixed.problem });
		const previous = cells.get(code);
		if (previous) report.duplicates.push(code);
		const shape = previous ? polygonClipping.union(previous.shape, fixed.shape) : fixed.shape;
		cells.set(code, { code, shape, anchor: insidePoint(shape) });
	});
	report.matched = cells.size;
	const covered = new Set([...cells.keys()].map((c) => c.slice(0, CODE_LENGTH.regency)));
	report.missing = master
		.filter((r) => r.level === level && covered.has(r.code.slice(0, CODE_LENGTH.regency)) && !cells.has(r.code))
		.map((r) => r.code);
	const layers = Object.fromEntries(LAYER_NAMES.map((n) => [n, [] as Cell[]])) as GeometryLayers;
	layers[level] = [...cells.values()];
	if (level === 'village') layers.district = dissolve(layers.village, CODE_LENGTH.district);
	layers.regency = dissolve(layers.district, CODE_LENGTH.regency);
	layers.province = dissolve(layers.regency, CODE_LENGTH.province);
	return { report, layers };
}

/**
 * Imports real boundaries as a new geometry version. The current version stays live unless the new
 * one matched at least one region and its tiles validate.
 */
export async function importBoundaries(
	dataRoot: string,
	file: string,
	opts: { codeField?: string; publish: boolean }
): Promise<ImportResult> {
	const snapshot = currentSnapshotDir(dataRoot);
	if (!snapshot) throw new Error('No published snapshot: the region master comes from it.');
	const { format, features } = await readBoundaryFile(file);
	const master = await regionMaster(snapshot);
	const { report, layers } = matchBoundaries(features, master, opts.codeField);
	const full: ImportReport = { file: path.basename(file), format, ...report };
	const id = geometryId(`import-${path.basename(file).replace(/\.[^.]+$/, '')}`);
	if (!report.matched) return { id, report: full, problems: ['no feature matched a region code'], published: false };
	const dir = writeGeometry(dataRoot, layers, { id, kind: 'import', indicative: false, source: full.file }, regionNames(master));
	fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(full, null, '\t'));
	const problems = validateGeometry(dir);
	if (opts.publish && !problems.length) publishGeometry(dataRoot, id);
	else if (!opts.publish) fs.rmSync(path.join(geometryRoot(dataRoot), id), { recursive: true, force: true });
	return { id, report: full, problems, published: opts.publish && !problems.length };
}
