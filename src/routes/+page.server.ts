import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { featuredRegions } from '$lib/server/regions/query';

export async function load(event) {
	input(event);
	const db = await getDatabase();
	return { featured: await featuredRegions(db), snapshot: db.manifest.id };
}
