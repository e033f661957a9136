import { getDatabase } from '$lib/server/db';
import { memo } from '$lib/server/api/memo';
import { listIndicators } from '$lib/server/indicators/query';

export async function GET() {
	const db = await getDatabase();
	const body = await memo(db, 'indicators', async () => JSON.stringify({ snapshot: db.manifest.id, synthetic: db.manifest.synthetic, indicators: await listIndicators(db) }));
	return new Response(body, { headers: { 'content-type': 'application/json' } });
}
