import { json } from '@sveltejs/kit';
import { input } from '$lib/server/edge/input';
import { getPublicDatabase } from '$lib/server/db';
import { searchRegions } from '$lib/server/regions/query';

export async function GET(event) {
	const { q, limit } = input(event).query;
	return json({ regions: await searchRegions(await getPublicDatabase(), q, limit) });
}
