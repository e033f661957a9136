import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { loadMapPage } from '$lib/server/geometry/page';
import { indicatorDatabase } from '$lib/server/indicators/access';

export async function load(event) {
	const { params, query } = input(event);
	const { locals } = event;
	const page = await loadMapPage(await getDatabase(), locals.user!, params.code, query, (e) => indicatorDatabase(locals.view, locals.user !== null, e));
	if (!page) error(404, bilingual(both(m.error_region_not_found), 'not-found'));
	return page;
}
