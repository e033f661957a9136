import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { evaluationDate } from '$lib/server/targets/params';
import { loadComparison } from '$lib/server/targets/service';

export async function load(event) {
	const { w, i, tanggal } = input(event).query;
	const db = await getDatabase();
	return loadComparison(db, w, i?.id, evaluationDate(tanggal, db.manifest.created));
}
