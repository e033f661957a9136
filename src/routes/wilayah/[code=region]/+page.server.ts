import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { regionPlaces } from '$lib/server/edge/nav';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { loadRegionPage } from '$lib/server/pages/region';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { loadPublicRegionPage } from '$lib/server/public/region';

/** Full figures inside the account's scope; everyone else gets the same page from the public tables. */
export async function load(event) {
	const { params, query } = input(event);
	const { locals } = event;
	const view = locals.view;
	const page = view === 'public' ? await loadPublicRegionPage(params.code, query) : await loadRegionPage(await getDatabase(), params.code, query);
	if (!page) error(404, bilingual(both(m.error_region_not_found), 'not-found'));
	if (view === 'public') event.setHeaders(publicCacheHeaders(page.snapshot, event.url, event.isDataRequest));
	return { ...page, view, signedIn: locals.user !== null, places: regionPlaces(locals.user, params.code) };
}
