import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { errorResponse } from '$lib/server/api/errors';
import { listIndicators } from '$lib/server/indicators/query';

export async function GET() {
	try {
		const db = await getDatabase();
		return json({ snapshot: db.manifest.id, synthetic: db.manifest.synthetic, indicators: await listIndicators(db) });
	} catch (err) {
		return errorResponse(err);
	}
}
