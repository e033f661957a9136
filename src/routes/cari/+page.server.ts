import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { searchRegions } from '$lib/server/regions/query';

export async function load(event) {
	const { q = '' } = input(event).query;
	return { q, results: q.length >= 2 ? await searchRegions(await getDatabase(), q, 50) : [] };
}
