import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { loadWorkbench } from '$lib/server/coverage/page';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { mapGeometry } from '$lib/server/geometry/page';

/** Sections that draw a map. */
const MAPPED = new Set(['coverage', 'errors', 'allocation']);

export async function load(event) {
	const { params, query } = input(event);
	const data = await loadWorkbench(await getDatabase(), event.locals.user!, params.code, query);
	if (!data) error(404, bilingual(both(m.error_no_programme_data), 'not-found'));
	return { ...data, geometry: MAPPED.has(data.section) ? mapGeometry(params.code) : null };
}
