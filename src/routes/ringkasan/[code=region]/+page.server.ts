import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { briefRights } from '$lib/server/rights/service';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { evaluationDate } from '$lib/server/targets/params';
import { loadOverview } from '$lib/server/targets/service';

export async function load(event) {
	const { params, query } = input(event);
	const db = await getDatabase();
	const overview = await loadOverview(db, params.code, evaluationDate(query.date, db.manifest.created), query.sort);
	if (!overview) error(404, bilingual(both(m.error_region_not_found), 'not-found'));
	return { ...overview, rights: await briefRights(db, event.locals.user!, params.code, overview.date), sort: query.sort, print: query.cetak === '1' };
}
