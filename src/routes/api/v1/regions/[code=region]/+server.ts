import { error } from '@sveltejs/kit';
import { memo } from '$lib/server/api/memo';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { getPublicDatabase } from '$lib/server/db';
import { getAncestors, getChildren, getRegion } from '$lib/server/regions/query';

export async function GET(event) {
	const { code } = input(event).params;
	const db = await getPublicDatabase();
	const body = await memo(db, `region|${code}`, async () => {
		const region = await getRegion(db, code);
		if (!region) error(404, bilingual(both(m.error_region_unknown, { code }), 'not-found'));
		return JSON.stringify({ region, parents: await getAncestors(db, region), children: await getChildren(db, code) });
	});
	return new Response(body, { headers: { 'content-type': 'application/json' } });
}
