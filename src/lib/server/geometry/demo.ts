import { Delaunay } from 'd3-delaunay';
import polygonClipping, { type MultiPolygon, type Pair } from 'polygon-clipping';
import type { DemoWorld } from './land';
import { bboxOf, multiPolygonArea, pointInMultiPolygon, ringArea, type Box } from './shape';
import { LAYER_NAMES, type Cell, type GeometryLayers, type RegionRow } from './types';

/**
 * Indicative demo boundaries. No package ships Indonesian village polygons, so the real land outline
 * (`DemoWorld.land`) is split among the provinces around their real places: a Voronoi diagram of each
 * province's centre and of its regencies' real places (`DemoWorld.places`), cells joined per province
 * and clipped to the land. Regencies are a Voronoi partition of their province (seeded at their real
 * place where one is known), districts of their regency, villages of their district; every child is
 * clipped to its parent, so edges nest exactly and every region lies on land.
 */

/**
 * Approximate centre of each province's land (lon, lat, to about 0.3°), as on any public map of Indonesia's
 * provinces (for example the coordinates of each province's Wikipedia article); the Papua provinces of 2022
 * placed in the parts of New Guinea they govern.
 */
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

/**
 * Draws points inside `shape`: a polygon picked by area, then a point of its box until one falls inside. A parent made
 * of islands is mostly sea within its box; each island alone mostly fills its own.
 */
function pointsIn(shape: MultiPolygon, n: number, rand: () => number): Pair[] {
	const polygons = shape.map((polygon) => ({ polygon: [polygon], box: bboxOf([polygon]), area: multiPolygonArea([polygon]) }));
	const total = polygons.reduce((s, p) => s + p.area, 0);
	const out: Pair[] = [];
	for (let tries = 0; out.length < n && tries < n * 200; tries++) {
		let pick = rand() * total;
		const p = polygons.find((q) => (pick -= q.area) <= 0) ?? polygons.at(-1)!;
		const [x0, y0, x1, y1] = p.box;
		const point: Pair = [x0 + (x1 - x0) * rand(), y0 + (y1 - y0) * rand()];
		if (pointInMultiPolygon(point, p.polygon)) out.push(point);
	}
	if (out.length < n) throw new Error(`could not seed ${n} points in a parent of area ${total}`);
	return out;
}

/** A box around `box` with a margin, so that every Voronoi cell reaches past the parent it is clipped to. */
const grown = ([x0, y0, x1, y1]: Box, m: number): Box => [x0 - m, y0 - m, x1 + m, y1 + m];

/**
 * Splits `parent` into one cell per code: seeded points (at the parent's point nearest to `places`' real position where a
 * code has one; the others spread by two half Lloyd steps), Voronoi, clipped to the parent.
 */
export function partition(parent: MultiPolygon, codes: string[], rand: () => number, places: ReadonlyMap<string, Pair> = new Map()): Cell[] {
	const placed = codes.map((code) => places.get(code));
	const pool = pointsIn(parent, codes.length * (placed.some(Boolean) ? 4 : 1), rand);
	const used = new Set<number>();
	const nearest = ([x, y]: Pair) => {
		let best = -1;
		pool.forEach(([px, py], i) => {
			if (!used.has(i) && (best < 0 || Math.hypot(px - x, py - y) < Math.hypot(pool[best]![0] - x, pool[best]![1] - y))) best = i;
		});
		used.add(best);
		return pool[best]!;
	};
	const pts: Pair[] = placed.map((p) => (p ? nearest(p) : [NaN, NaN]));
	let next = 0;
	placed.forEach((p, i) => {
		if (p) return;
		while (used.has(next)) next++;
		used.add(next);
		pts[i] = pool[next]!;
	});
	if (codes.length === 1) return [{ code: codes[0]!, shape: parent, anchor: pts[0]! }];
	const box = grown(bboxOf(parent), 1e-6);
	for (let step = 0; step < 2; step++) {
		const vor = Delaunay.from(pts).voronoi(box);
		pts.forEach((p, i) => {
			const cell = vor.cellPolygon(i) as Pair[] | null;
			if (!cell || placed[i]) return;
			const c: Pair = [0, 0];
			for (const [x, y] of cell.slice(1)) {
				c[0] += x;
				c[1] += y;
			}
			// Half a step towards the centroid: a full step turns border cells into strips with a shared centroid line.
			c[0] = 0.5 * (p[0] + c[0] / (cell.length - 1));
			c[1] = 0.5 * (p[1] + c[1] / (cell.length - 1));
			if (pointInMultiPolygon(c, parent)) pts[i] = c;
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
 * Every province's share of the land: the Voronoi cells of its centre and of its regencies' places, joined and
 * clipped to the land. Always all provinces, so that a province's shape never depends on the scope.
 */
function provinceShapes(world: DemoWorld): Map<string, MultiPolygon> {
	const seeds: { province: string; at: Pair }[] = Object.entries(PROVINCE_CENTRES).map(([province, at]) => ({ province, at }));
	for (const [regency, at] of [...world.places].sort(([a], [b]) => (a < b ? -1 : 1))) seeds.push({ province: regency.slice(0, 2), at });
	const vor = Delaunay.from(seeds.map((s) => s.at)).voronoi(grown(bboxOf(world.land), 1));
	const cells = new Map<string, Pair[][]>();
	seeds.forEach((s, i) => {
		const cell = vor.cellPolygon(i) as Pair[] | null;
		if (cell) cells.set(s.province, [...(cells.get(s.province) ?? []), cell]);
	});
	const islands = world.land.map((polygon) => ({ polygon, box: bboxOf([polygon]) }));
	const out = new Map<string, MultiPolygon>();
	for (const [province, parts] of cells) {
		const area = polygonClipping.union([parts[0]!], ...parts.slice(1).map((c) => [c]));
		const [x0, y0, x1, y1] = bboxOf(area);
		// Only the islands that reach into the area: clipping walks every edge it is given.
		const near = islands.filter(({ box: b }) => b[0] <= x1 && b[2] >= x0 && b[1] <= y1 && b[3] >= y0).map((i) => i.polygon);
		const shape = near.length ? polygonClipping.intersection(near, area) : [];
		if (shape.length) out.set(province, shape);
	}
	return out;
}

/**
 * Province and regency cells for every province that `scope` touches, district and village cells for the regencies in
 * `scope` (all regencies when empty). The other provinces are drawn too, as land around the regions in scope.
 */
export function demoGeometry(regions: RegionRow[], scope: string[], seed: number, world: DemoWorld): GeometryLayers {
	const children = new Map<string, string[]>();
	for (const r of regions) {
		if (!r.parent_code) continue;
		const list = children.get(r.parent_code) ?? [];
		list.push(r.code);
		children.set(r.parent_code, list);
	}
	const kids = (code: string) => [...(children.get(code) ?? [])].sort();
	const inScope = (regency: string) => scope.length === 0 || scope.includes(regency);
	const layers: GeometryLayers = Object.fromEntries(LAYER_NAMES.map((l) => [l, []])) as unknown as GeometryLayers;
	for (const [p, outline] of [...provinceShapes(world)].sort(([a], [b]) => (a < b ? -1 : 1))) {
		const centre = PROVINCE_CENTRES[p]!;
		const anchor = pointInMultiPolygon(centre, outline) ? centre : pointsIn([outline.reduce((a, b) => (ringArea(b[0]!) > ringArea(a[0]!) ? b : a))], 1, rngFor(seed, `${p}.`))[0]!;
		layers.province.push({ code: p, shape: outline, anchor });
		if (!kids(p).some(inScope)) continue;
		for (const regency of partition(outline, kids(p), rngFor(seed, `${p}/`), world.places)) {
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
