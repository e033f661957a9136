import { input } from '$lib/server/edge/input';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { getPublicDatabase } from '$lib/server/db';
import { loadPublicRegion, publicRegencies } from '$lib/server/public/region';

export async function load(event) {
	const { period } = input(event).query;
	const db = await getPublicDatabase();
	event.setHeaders(publicCacheHeaders(db.manifest.id, event.url, event.isDataRequest));
	const regencies = await publicRegencies(db);
	const views = await Promise.all(regencies.map((r) => loadPublicRegion(db, r.code, period)));
	return { regencies: views.flatMap((v) => (v?.own ? [{ ...v.own, period: v.period }] : [])), snapshot: db.manifest.id };
}
