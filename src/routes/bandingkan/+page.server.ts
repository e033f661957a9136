import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { getPublicDatabase } from '$lib/server/db';
import { loadComparison } from '$lib/server/targets/compare';
import { evaluationDate } from '$lib/server/targets/params';

/** Full figures when every region is in the caller's scope; otherwise every column from the public tables. */
export async function load(event) {
	const { w, indicator, date, q } = input(event).query;
	const { view, user } = event.locals;
	const db = view === 'public' ? await getPublicDatabase() : await getDatabase();
	const comparison = await loadComparison(db, view, w, indicator, evaluationDate(date, db.manifest.created), q);
	if (view === 'public') event.setHeaders(publicCacheHeaders(db.manifest.id, event.url, event.isDataRequest));
	return { ...comparison, view, signedIn: user !== null };
}
