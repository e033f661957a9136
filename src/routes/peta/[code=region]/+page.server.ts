import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { loadMapPage } from '$lib/server/geometry/page';
import { indicatorDatabase } from '$lib/server/indicators/access';

export async function load(event) {
	const { params, query } = input(event);
	const { locals } = event;
	const page = await loadMapPage(await getDatabase(), locals.user!, params.code, query, (e) => indicatorDatabase(locals.view, locals.user !== null, e));
	if (!page) error(404, bilingual('Wilayah tidak ditemukan', 'Region not found', 'not-found'));
	return page;
}
