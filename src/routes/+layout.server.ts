import { getDatabase } from '$lib/server/db';

export async function load({ locals }) {
	const db = await getDatabase();
	const user = locals.user && { username: locals.user.username, role: locals.user.role, scope: locals.user.scope };
	return { synthetic: db.manifest.synthetic, snapshotId: db.manifest.id, user };
}
