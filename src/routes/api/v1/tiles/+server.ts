import { json } from '@sveltejs/kit';
import { requireGeometry, tileUrl } from '$lib/server/geometry/serve';

/** TileJSON for the published boundaries, with whether they are indicative. */
export function GET() {
	const g = requireGeometry();
	const m = g.manifest;
	return json({
		tilejson: '3.0.0',
		name: m.id,
		tiles: [tileUrl(g)],
		minzoom: 0,
		maxzoom: m.maxzoom,
		bounds: m.bounds,
		vector_layers: Object.entries(m.layers).map(([id, l]) => ({ id, minzoom: l.minzoom, fields: { code: 'String' } })),
		indicative: m.indicative,
		kind: m.kind,
		source: m.source
	});
}
