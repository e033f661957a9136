import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { REGION_CODE } from '$lib/server/api/params';
import { loadMapPage } from '$lib/server/geometry/page';
import { indicatorDatabase } from '$lib/server/public/query';

export async function load({ params, url, locals }) {
	if (!REGION_CODE.test(params.code)) error(404, 'Wilayah tidak ditemukan / region not found');
	const page = await loadMapPage(await getDatabase(), params.code, url.searchParams, (e) => indicatorDatabase(locals.view, locals.user !== null, e));
	if (!page) error(404, 'Wilayah tidak ditemukan / region not found');
	return page;
}
