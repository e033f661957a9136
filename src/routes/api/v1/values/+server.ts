import { json } from '@sveltejs/kit';
import { errorResponse } from '$lib/server/api/errors';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { indicatorDatabase } from '$lib/server/public/query';
import { requireIndicator, searchParamsObject, valuesQuery } from '$lib/server/api/params';
import { ARROW_TYPE, toArrow, toCsv } from '$lib/server/api/serialise';
import { getValues } from '$lib/server/indicators/service';

export async function GET({ url, locals, setHeaders }) {
	try {
		const q = valuesQuery.parse(searchParamsObject(url));
		const e = requireIndicator(q.indicator);
		const db = await indicatorDatabase(locals.view, locals.user !== null, e);
		const result = await getValues(db, e, q.region, q.level, q.period);
		if (locals.view === 'public') setHeaders(publicCacheHeaders(result.snapshot, url));
		const meta = {
			indicator: e.id,
			unit: e.unit,
			level: result.level,
			period: String(result.period),
			source: e.source.id,
			method: e.method.id,
			snapshot: result.snapshot,
			synthetic: String(result.synthetic)
		};
		if (q.format === 'json') return json(result);
		if (q.format === 'csv') {
			const preamble = [`${e.label.id} (${e.unit}), ${result.level}, ${result.period}`, `Sumber: ${e.source.id}; metode: ${e.method.id}`, `Snapshot ${result.snapshot}${result.synthetic ? ' (data sintetis)' : ''}`];
			return new Response(toCsv(result.rows as unknown as Record<string, unknown>[], ['code', 'name', 'value'], preamble), {
				headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${e.id}-${q.region}-${result.period}.csv"` }
			});
		}
		const body = toArrow(
			result.rows as unknown as Record<string, unknown>[],
			[
				{ name: 'code', type: 'string' },
				{ name: 'name', type: 'string' },
				{ name: 'value', type: 'number' }
			],
			meta
		);
		return new Response(body, { headers: { 'content-type': ARROW_TYPE } });
	} catch (err) {
		return errorResponse(err);
	}
}
