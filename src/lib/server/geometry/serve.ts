import { gunzipSync } from 'node:zlib';
import { error } from '@sveltejs/kit';
import { bilingual } from '../errors';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import { dataDir } from '../config';
import { currentGeometry, RASTER_FRAMES, type OpenGeometry } from './store';
import type { MapGeometry } from '../../map/values';

export const TILE_TYPE = 'application/vnd.mapbox-vector-tile';

export function requireGeometry(): OpenGeometry {
	const g = currentGeometry(dataDir());
	if (!g) {
		error(503, bilingual(both(m.error_no_boundaries), 'unavailable'));
	}
	return g;
}

/** Tile URL template for the client; the version in the query makes every tile cacheable forever. */
export function tileUrl(g: OpenGeometry): string {
	return `/api/v1/tiles/{z}/{x}/{y}?v=${g.manifest.id}`;
}

/** The village raster's frames and per-level image template (`{z}`, see map/raster.ts), versioned like the tiles; null for versions built without one. */
export function rasterUrls(g: OpenGeometry): MapGeometry['raster'] {
	const v = g.manifest.id;
	return g.manifest.raster ? { frames: `/api/v1/raster/villages.json?v=${v}`, image: `/api/v1/raster/villages-{z}.png?v=${v}` } : null;
}

const cacheFor = (g: OpenGeometry, version: string | null) => (version === g.manifest.id ? 'public, max-age=31536000, immutable' : 'no-cache');

/** A level's image as stored, `villages.json` from its gzip copy (unpacked for a client that does not take gzip). */
export function rasterResponse(part: string, version: string | null, acceptEncoding: string): Response {
	const g = requireGeometry();
	const image = /^villages-\d{1,2}\.png$/.test(part);
	const data = image ? g.raster(part) : part === 'villages.json' ? g.raster(RASTER_FRAMES) : null;
	if (!data) error(404, bilingual(both(m.error_raster_missing, { file: part }), 'not-found'));
	const headers: Record<string, string> = { 'cache-control': cacheFor(g, version) };
	if (image) return new Response(new Uint8Array(data), { headers: { ...headers, 'content-type': 'image/png' } });
	const gzip = /\bgzip\b/.test(acceptEncoding);
	Object.assign(headers, { 'content-type': 'application/json', vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
	return new Response(new Uint8Array(gzip ? data : gunzipSync(data)), { headers });
}

/** The stored gzip tile, sent as is when the client takes gzip; 204 (empty tile) outside the data. */
export function tileResponse({ z, x, y }: { z: number; x: number; y: number }, version: string | null, acceptEncoding: string): Response {
	const g = requireGeometry();
	const span = 2 ** z - 1;
	if (x > span || y > span) error(400, bilingual(both(m.error_tile_outside, { zoom: z })));
	const data = g.tile(z, x, y);
	const cache = cacheFor(g, version);
	if (!data) return new Response(null, { status: 204, headers: { 'cache-control': cache } });
	const gzip = /\bgzip\b/.test(acceptEncoding);
	const body = new Uint8Array(gzip ? data : gunzipSync(data));
	const headers: Record<string, string> = { 'content-type': TILE_TYPE, 'cache-control': cache, vary: 'accept-encoding' };
	if (gzip) headers['content-encoding'] = 'gzip';
	return new Response(body, { headers });
}
