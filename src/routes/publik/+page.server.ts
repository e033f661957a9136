import { publicCacheHeaders } from '$lib/server/public/cache';
import { getPublicDatabase, loadPublicRegion, publicRegencies } from '$lib/server/public/query';

export async function load({ setHeaders, url, isDataRequest }) {
	const db = await getPublicDatabase();
	setHeaders(publicCacheHeaders(db.manifest.id, url, isDataRequest));
	const regencies = await publicRegencies(db);
	const views = await Promise.all(regencies.map((r) => loadPublicRegion(db, r.code, url.searchParams)));
	return { regencies: views.flatMap((v) => (v?.own ? [{ ...v.own, period: v.period }] : [])), snapshot: db.manifest.id };
}
