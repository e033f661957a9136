import { getDatabase } from '$lib/server/db';
import { navFor } from '$lib/server/edge/nav';
import { getRegion } from '$lib/server/regions/query';

export async function load({ locals }) {
	const db = await getDatabase();
	const u = locals.user;
	const user = u && { username: u.username, role: u.role, scope: u.scope, agency: u.agency, scopeName: (await getRegion(db, u.scope))?.name ?? u.scope };
	return { synthetic: db.manifest.synthetic, snapshotId: db.manifest.id, user, nav: navFor(u) };
}
