import { getDatabase } from '$lib/server/db';
import { featuredRegions } from '$lib/server/regions/query';

export async function load() {
	const db = await getDatabase();
	return { featured: await featuredRegions(db), snapshot: db.manifest.id };
}
