import { error } from '@sveltejs/kit';
import { memo } from '$lib/server/api/memo';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { getPublicDatabase } from '$lib/server/db';
import { getAncestors, getChildren, getRegion } from '$lib/server/regions/query';

export async function GET(event) {
	const { code } = input(event).params;
	const db = await getPublicDatabase();
	const body = await memo(db, `region|${code}`, async () => {
		const region = await getRegion(db, code);
		if (!region) error(404, bilingual(`Kode wilayah tidak dikenal: ${code}`, `Unknown region code: ${code}`, 'not-found'));
		return JSON.stringify({ region, parents: await getAncestors(db, region), children: await getChildren(db, code) });
	});
	return new Response(body, { headers: { 'content-type': 'application/json' } });
}
