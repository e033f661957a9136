import { json } from '@sveltejs/kit';
import { errorResponse } from '$lib/server/api/errors';
import { memo } from '$lib/server/api/memo';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { indicatorDatabase } from '$lib/server/public/query';
import { requireIndicator, searchParamsObject, seriesQuery } from '$lib/server/api/params';
import { toCsv } from '$lib/server/api/serialise';
import { getSeries } from '$lib/server/indicators/service';

export async function GET({ url, locals, setHeaders }) {
	try {
		const q = seriesQuery.parse(searchParamsObject(url));
		const e = requireIndicator(q.indicator);
		const db = await indicatorDatabase(locals.view, locals.user !== null, e);
		const result = await memo(db, `series|${e.id}|${q.region}`, () => getSeries(db, e, q.region));
		if (locals.view === 'public') setHeaders(publicCacheHeaders(result.snapshot, url));
		if (q.format === 'csv') {
			const cols = ['period', 'value', 'ci_lower', 'ci_upper', 'source', 'method', 'synthetic'];
			return new Response(toCsv(result.points as unknown as Record<string, unknown>[], cols, [`${e.label.id} (${e.unit}), ${q.region}`]), {
				headers: { 'content-type': 'text/csv; charset=utf-8' }
			});
		}
		return json(result);
	} catch (err) {
		return errorResponse(err);
	}
}
