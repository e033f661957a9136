import { error } from '@sveltejs/kit';
import { REGION_CODE } from '$lib/server/api/params';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { getPublicDatabase, loadPublicRegion, publicTargetPanels } from '$lib/server/public/query';

export async function load({ params, url, setHeaders, isDataRequest }) {
	if (!REGION_CODE.test(params.code)) error(404, 'Wilayah tidak ditemukan / region not found');
	const db = await getPublicDatabase();
	const page = await loadPublicRegion(db, params.code, url.searchParams);
	if (!page?.own) error(404, 'Tidak ada data publik untuk wilayah ini / no public data for this region');
	setHeaders(publicCacheHeaders(db.manifest.id, url, isDataRequest));
	return { ...page, targets: await publicTargetPanels(db, page.region) };
}
