import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { REGION_CODE } from '$lib/server/api/params';
import { loadRegionPage } from '$lib/server/pages/region';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { loadPublicRegionPage } from '$lib/server/public/query';

/** Full figures inside the account's scope; everyone else gets the same page from the public tables. */
export async function load({ params, url, locals, setHeaders, isDataRequest }) {
	if (!REGION_CODE.test(params.code)) error(404, 'Wilayah tidak ditemukan / region not found');
	const view = locals.view;
	const page = view === 'public' ? await loadPublicRegionPage(params.code, url.searchParams) : await loadRegionPage(await getDatabase(), params.code, url.searchParams);
	if (!page) error(404, 'Wilayah tidak ditemukan / region not found');
	if (view === 'public') setHeaders(publicCacheHeaders(page.snapshot, url, isDataRequest));
	return { ...page, view, signedIn: locals.user !== null };
}
