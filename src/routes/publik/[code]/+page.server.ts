import { error } from '@sveltejs/kit';
import { REGION_CODE } from '$lib/server/api/params';
import { mapGeometry } from '$lib/server/geometry/page';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { getPublicDatabase, loadPublicRegion, publicTargetPanels } from '$lib/server/public/query';

export async function load({ params, url, setHeaders, isDataRequest }) {
	if (!REGION_CODE.test(params.code)) error(404, 'Wilayah tidak ditemukan / region not found');
	const db = await getPublicDatabase();
	const page = await loadPublicRegion(db, params.code, url.searchParams);
	if (!page?.own) error(404, 'Tidak ada data publik untuk wilayah ini / no public data for this region');
	// Boundaries carry region codes only; the page's tile URL names their version, so the ETag does too.
	const geometry = mapGeometry(params.code);
	setHeaders(publicCacheHeaders(db.manifest.id, url, isDataRequest, geometry?.version));
	return { ...page, geometry, targets: await publicTargetPanels(db, page.region) };
}
