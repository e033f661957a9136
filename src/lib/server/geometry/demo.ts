import { Delaunay } from 'd3-delaunay';
import polygonClipping, { type MultiPolygon, type Pair } from 'polygon-clipping';
import { bboxOf, pointInMultiPolygon } from './shape';
import { LAYER_NAMES, type Cell, type GeometryLayers, type RegionRow } from './types';

/**
 * Indicative demo boundaries. No package ships Indonesian village polygons, so each province gets a
 * blob near its real position; regencies are a Voronoi partition of it, districts of their regency,
 * villages of their district. Children are clipped to their parent, so edges nest exactly.
 */

/** Approximate province centres (lon, lat): enough to put the blobs where a reader expects them. */
const PROVINCE_CENTRES: Record<string, Pair> = {
	'11': [96.7, 4.4], '12': [99.3, 2.2], '13': [100.6, -0.8], '14': [101.8, 0.5], '15': [102.9, -1.7],
	'16': [104.1, -3.3], '17': [102.3, -3.9], '18': [105.1, -4.9], '19': [106.6, -2.5], '21': [104.6, 0.9],
	'31': [106.85, -6.2], '32': [107.6, -6.95], '33': [110.1, -7.2], '34': [110.4, -7.9], '35': [112.6, -7.7],
	'36': [106.1, -6.45], '51': [115.15, -8.4], '52': [117.3, -8.6], '53': [121.1, -9.0], '61': [111.4, 0.0],
	'62': [113.4, -1.6], '63': [115.4, -3.0], '64': [116.4, 0.6], '65': [116.3, 3.0], '71': [124.6, 1.0],
	'72': [121.4, -1.4], '73': [120.0, -4.1], '74': [122.3, -4.2], '75': [122.6, 0.7], '76': [119.3, -2.5],
	'81': [129.8, -3.4], '82': [127.8, 0.9], '91': [138.8, -2.2], '92': [133.5, -1.4], '93': [139.5, -7.0],
	'94': [136.6, -3.9], '95': [139.2, -4.2], '96': [131.8, -1.0]
};

/** Deterministic uniform draws keyed by seed and region code, so a region's shape never depends on the scope. */
function rngFor(seed: number, key: string): () => number {
	let h = (seed >>> 0) ^ 0x9e3779b9;
	for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 0x5bd1e995) >>> 0;
	return () => {
		h = (h + 0x6d2b79f5) >>> 0;
		let t = h;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function blob(centre: Pair, radius: number, rand: () => number): MultiPolygon {
	const n = 28;
	const ring: Pair[] = [];
	for (let i = 0; i < n; i++) {
		const a = (2 * Math.PI * i) / n;
		const r = radius * (0.75 + 0.35 * rand());
		ring.push([centre[0] + r * Math.cos(a), centre[1] + 0.9 * r * Math.sin(a)]);
	}
	return [[[...ring, ring[0]!]]];
}

/** Radii grow with the number of villages but never let two province blobs overlap. */
function provinceRadii(villagesPerProvince: Map<string, number>): Map<string, number> {
	const codes = Object.keys(PROVINCE_CENTRES);
	const r = new Map(codes.map((c) => [c, Math.min(2.6, Math.max(0.25, 0.022 * Math.sqrt(villagesPerProvince.get(c) ?? 100)))]));
	for (let pass = 0; pass < 4; pass++) {
		for (const a of codes) for (const b of codes) {
			if (a >= b) continue;
			const [pa, pb] = [PROVINCE_CENTRES[a]!, PROVINCE_CENTRES[b]!];
			const d = Math.hypot(pa[0] - pb[0], pa[1] - pb[1]);
			const sum = r.get(a)! + r.get(b)!;
			if (sum * 1.1 > d) {
				const k = d / (sum * 1.1);
				r.set(a, r.get(a)! * k);
				r.set(b, r.get(b)! * k);
			}
		}
	}
	return r;
}

/** Splits `parent` into one cell per code: seeded points spread by two Lloyd steps, Voronoi, clipped to the parent. */
export function partition(parent: MultiPolygon, codes: string[], rand: () => number): Cell[] {
	const [x0, y0, x1, y1] = bboxOf(parent);
	const inside = (p: Pair) => pointInMultiPolygon(p, parent);
	const pts: Pair[] = [];
	for (let tries = 0; pts.length < codes.length && tries < codes.length * 200; tries++) {
		const p: Pair = [x0 + (x1 - x0) * rand(), y0 + (y1 - y0) * rand()];
		if (inside(p)) pts.push(p);
	}
	if (pts.length < codes.length) throw new Error(`could not seed ${codes.length} points in ${codes[0]}'s parent`);
	if (codes.length === 1) return [{ code: codes[0]!, shape: parent, anchor: pts[0]! }];
	const box = bboxOf(parent);
	for (let step = 0; step < 2; step++) {
		const vor = Delaunay.from(pts).voronoi(box);
		pts.forEach((p, i) => {
			const cell = vor.cellPolygon(i) as Pair[] | null;
			if (!cell) return;
			const c: Pair = [0, 0];
			for (const [x, y] of cell.slice(1)) {
				c[0] += x;
				c[1] += y;
			}
			// Half a step towards the centroid: a full step turns border cells into strips with a shared centroid line.
			c[0] = 0.5 * (p[0] + c[0] / (cell.length - 1));
			c[1] = 0.5 * (p[1] + c[1] / (cell.length - 1));
			if (inside(c)) pts[i] = c;
		});
	}
	const vor = Delaunay.from(pts).voronoi(box);
	return codes.map((code, i) => {
		const cell = vor.cellPolygon(i) as Pair[] | null;
		const shape = cell ? polygonClipping.intersection(parent, [cell]) : [];
		if (!shape.length) throw new Error(`empty cell for ${code}`);
		return { code, shape, anchor: pts[i]! };
	});
}

/**
 * Province and regency cells for every province that `scope` touches, district and village cells for
 * the regencies in `scope` (all regencies when empty).
 */
export function demoGeometry(regions: RegionRow[], scope: string[], seed: number): GeometryLayers {
	const children = new Map<string, string[]>();
	const villagesPerProvince = new Map<string, number>();
	for (const r of regions) {
		if (!r.parent_code) continue;
		const list = children.get(r.parent_code) ?? [];
		list.push(r.code);
		children.set(r.parent_code, list);
		if (r.level === 'village') villagesPerProvince.set(r.code.slice(0, 2), (villagesPerProvince.get(r.code.slice(0, 2)) ?? 0) + 1);
	}
	const kids = (code: string) => [...(children.get(code) ?? [])].sort();
	const inScope = (regency: string) => scope.length === 0 || scope.includes(regency);
	const provinces = Object.keys(PROVINCE_CENTRES).filter((p) => kids(p).some(inScope));
	const radii = provinceRadii(villagesPerProvince);
	const layers: GeometryLayers = Object.fromEntries(LAYER_NAMES.map((l) => [l, []])) as unknown as GeometryLayers;
	for (const p of provinces) {
		const centre = PROVINCE_CENTRES[p]!;
		const outline = blob(centre, radii.get(p)!, rngFor(seed, p));
		layers.province.push({ code: p, shape: outline, anchor: centre });
		for (const regency of partition(outline, kids(p), rngFor(seed, `${p}/`))) {
			layers.regency.push(regency);
			if (!inScope(regency.code)) continue;
			for (const district of partition(regency.shape, kids(regency.code), rngFor(seed, `${regency.code}/`))) {
				layers.district.push(district);
				const villages = kids(district.code);
				if (villages.length) layers.village.push(...partition(district.shape, villages, rngFor(seed, `${district.code}/`)));
			}
		}
	}
	return layers;
}
