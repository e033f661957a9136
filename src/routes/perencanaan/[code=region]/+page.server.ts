import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { loadWorkbench } from '$lib/server/coverage/page';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { mapGeometry } from '$lib/server/geometry/page';

/** Sections that draw a map. */
const MAPPED = new Set(['coverage', 'errors', 'allocation']);

export async function load(event) {
	const { params, query } = input(event);
	const data = await loadWorkbench(await getDatabase(), event.locals.user!, params.code, query);
	if (!data) error(404, bilingual('Tidak ada data program untuk wilayah ini', 'No programme data for this region', 'not-found'));
	return { ...data, geometry: MAPPED.has(data.section) ? mapGeometry(params.code) : null };
}
