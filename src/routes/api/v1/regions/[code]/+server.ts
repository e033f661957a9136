import { getPublicDatabase } from '$lib/server/public/query';
import { BadRequest, errorResponse } from '$lib/server/api/errors';
import { memo } from '$lib/server/api/memo';
import { regionCode } from '$lib/server/api/params';
import { getAncestors, getChildren, getRegion } from '$lib/server/regions/query';

export async function GET({ params }) {
	try {
		const code = regionCode.parse(params.code);
		const db = await getPublicDatabase();
		const body = await memo(db, `region|${code}`, async () => {
			const region = await getRegion(db, code);
			if (!region) throw new BadRequest(`Kode wilayah tidak dikenal: ${code}`, `Unknown region code: ${code}`, 404);
			return JSON.stringify({ region, parents: await getAncestors(db, region), children: await getChildren(db, code) });
		});
		return new Response(body, { headers: { 'content-type': 'application/json' } });
	} catch (err) {
		return errorResponse(err);
	}
}
