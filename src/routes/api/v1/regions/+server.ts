import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getPublicDatabase } from '$lib/server/public/query';
import { errorResponse } from '$lib/server/api/errors';
import { searchParamsObject } from '$lib/server/api/params';
import { searchRegions } from '$lib/server/regions/query';

const searchQuery = z.strictObject({ q: z.string().trim().min(2).max(60), limit: z.coerce.number().int().min(1).max(50).default(20) });

export async function GET({ url }) {
	try {
		const q = searchQuery.parse(searchParamsObject(url));
		return json({ regions: await searchRegions(await getPublicDatabase(), q.q, q.limit) });
	} catch (err) {
		return errorResponse(err);
	}
}
