import { gunzipSync } from 'node:zlib';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { MapPreview, PreviewTile } from '../../map/preview';
import { PREVIEW_SIZE, PREVIEW_EXTENT } from '../../map/preview';
import { childPrefix } from '../../region-code';
import type { OpenGeometry } from './store';

/** Views with more regions than this keep the MapLibre path alone: their outlines would outweigh the page. */
export const PREVIEW_MAX_FEATURES = 1_500;
/** A view spanning more tiles than this is drawn from a coarser zoom. */
const MAX_TILES = 16;

const mercX = (lon: number) => (lon + 180) / 360;
const mercY = (lat: number) => {
	const s = Math.sin((lat * Math.PI) / 180);
	return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};

/** Rings as one SVG path: absolute start, then relative steps (shorter, and exact on the integer tile grid). */
function pathOf(rings: { x: number; y: number }[][], ox: number, oy: number): string {
	let d = '';
	for (const ring of rings) {
		let [px, py] = [0, 0];
		ring.forEach((p, i) => {
			const [x, y] = [ox + p.x, oy + p.y];
			d += i === 0 ? `M${x} ${y}` : `${i === 1 ? 'l' : ' '}${x - px} ${y - py}`;
			[px, py] = [x, y];
		});
		d += 'z';
	}
	return d;
}

function layerPaths(layer: VectorTileLayer | undefined, keep: (code: string) => boolean, ox: number, oy: number): { code: string; d: string }[] {
	const out: { code: string; d: string }[] = [];
	for (let i = 0; i < (layer?.length ?? 0); i++) {
		const f = layer!.feature(i);
		const code = String(f.properties.code);
		if (keep(code)) out.push({ code, d: pathOf(f.loadGeometry(), ox, oy) });
	}
	return out;
}

/** Recent previews per geometry version: a view's outlines never change within one. */
const made = new WeakMap<OpenGeometry, Map<string, MapPreview | null>>();
const KEPT = 64;

/** `buildPreview`, remembered for the last KEPT views of the live geometry version. */
export function mapPreview(g: OpenGeometry, region: string, level: 'district' | 'village', bounds: [number, number, number, number]): MapPreview | null {
	const views = made.get(g) ?? new Map<string, MapPreview | null>();
	made.set(g, views);
	const key = `${region}|${level}|${bounds.join()}`;
	let preview = views.get(key);
	if (preview === undefined) {
		preview = buildPreview(g, region, level, bounds);
		if (views.size >= KEPT) views.delete(views.keys().next().value!);
		views.set(key, preview);
	}
	return preview;
}

/**
 * The view of `region`'s children as MapLibre will first draw it: the same tiles (so the same geometry
 * version and simplification), from the zoom MapLibre picks for a map of about PREVIEW_SIZE pixels fitted
 * to the region, in world coordinates at that zoom. Null when the view is too big for a page.
 */
function buildPreview(g: OpenGeometry, region: string, level: 'district' | 'village', bounds: [number, number, number, number]): MapPreview | null {
	const prefix = childPrefix(region);
	const depth = level === 'district' ? 3 : 4;
	let count = 0;
	for (const code in g.regions) if (code.startsWith(prefix) && code.split('.').length === depth) count++;
	if (!count || count > PREVIEW_MAX_FEATURES) return null;
	const [x0, y0, x1, y1] = [mercX(bounds[0]), mercY(bounds[3]), mercX(bounds[2]), mercY(bounds[1])];
	// Vector tiles are 512 px: the fitted zoom for a map of PREVIEW_SIZE, floored as MapLibre does.
	const fit = Math.log2(Math.min(PREVIEW_SIZE[0] / Math.max(x1 - x0, 1e-9), PREVIEW_SIZE[1] / Math.max(y1 - y0, 1e-9)) / 512);
	let z = Math.max(0, Math.min(g.manifest.maxzoom, Math.floor(fit)));
	// The page can be wider or taller than the region: take in half the region again on every side.
	const [mx, my] = [(x1 - x0) / 2, (y1 - y0) / 2];
	let range: [number, number, number, number];
	for (;;) {
		const n = 2 ** z;
		const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
		range = [clamp(x0 - mx), clamp(y0 - my), clamp(x1 + mx), clamp(y1 + my)];
		if ((range[2] - range[0] + 1) * (range[3] - range[1] + 1) <= MAX_TILES || z === 0) break;
		z--;
	}
	const keep = (code: string) => code.startsWith(prefix);
	const tiles: PreviewTile[] = [];
	for (let x = range[0]; x <= range[2]; x++) {
		for (let y = range[1]; y <= range[3]; y++) {
			const data = g.tile(z, x, y);
			if (!data) continue;
			const layers = new VectorTile(new PbfReader(gunzipSync(data))).layers;
			const [ox, oy] = [x * PREVIEW_EXTENT, y * PREVIEW_EXTENT];
			const all = () => true;
			tiles.push({
				x: ox,
				y: oy,
				land: layerPaths(layers.province, all, ox, oy).map((p) => p.d).join(''),
				regions: layerPaths(layers[level], keep, ox, oy),
				districts: level === 'village' ? layerPaths(layers.district, keep, ox, oy).map((p) => p.d).join('') : '',
				regencies: level === 'village' ? layerPaths(layers.regency, all, ox, oy).map((p) => p.d).join('') : ''
			});
		}
	}
	const scale = 2 ** z * PREVIEW_EXTENT;
	return { level, box: [x0 * scale, y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale], unitsPerPixel: scale / (512 * 2 ** fit), tiles };
}
