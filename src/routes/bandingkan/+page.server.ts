import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { evaluationDate } from '$lib/server/targets/params';
import { loadComparison } from '$lib/server/targets/service';

export async function load(event) {
	const { w, indicator, date } = input(event).query;
	const db = await getDatabase();
	return loadComparison(db, w, indicator?.id, evaluationDate(date, db.manifest.created));
}
