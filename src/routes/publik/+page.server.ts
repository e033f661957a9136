import { getPublicDatabase, loadPublicRegion, publicEtag, publicRegencies } from '$lib/server/public/query';

export async function load({ setHeaders, url }) {
	const db = await getPublicDatabase();
	setHeaders({ etag: publicEtag(db, 'publik' + url.search), 'cache-control': 'public, max-age=300, must-revalidate' });
	const regencies = await publicRegencies(db);
	const views = await Promise.all(regencies.map((r) => loadPublicRegion(db, r.code, url.searchParams)));
	return { regencies: views.flatMap((v) => (v?.own ? [{ ...v.own, period: v.period }] : [])), snapshot: db.manifest.id };
}
