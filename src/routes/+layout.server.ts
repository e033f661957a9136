import { getDatabase } from '$lib/server/db';

export async function load() {
	const db = await getDatabase();
	return { synthetic: db.manifest.synthetic, snapshotId: db.manifest.id };
}
