import { getDatabase } from '$lib/server/db';
import { compareView, evaluationDate } from '$lib/server/targets/params';
import { loadComparison } from '$lib/server/targets/service';

export async function load({ url }) {
	const db = await getDatabase();
	const view = compareView.parse(Object.fromEntries(url.searchParams));
	return loadComparison(db, view.w, view.i, evaluationDate(view.tanggal, db.manifest.created));
}
