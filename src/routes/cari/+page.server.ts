import { getDatabase } from '$lib/server/db';
import { searchRegions } from '$lib/server/regions/query';

export async function load({ url }) {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 60);
	return { q, results: q.length >= 2 ? await searchRegions(await getDatabase(), q, 50) : [] };
}
