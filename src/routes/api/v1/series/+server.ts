import { json } from '@sveltejs/kit';
import { memo } from '$lib/server/api/memo';
import { toCsv } from '$lib/server/api/serialise';
import { input } from '$lib/server/edge/input';
import { getSeries } from '$lib/server/indicators/service';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { indicatorDatabase } from '$lib/server/indicators/access';

export async function GET(event) {
	const { indicator, region, format } = input(event).query;
	const { locals } = event;
	const db = await indicatorDatabase(locals.view, locals.user !== null, indicator);
	const result = await memo(db, `series|${indicator.id}|${region}`, () => getSeries(db, indicator, region));
	if (locals.view === 'public') event.setHeaders(publicCacheHeaders(result.snapshot, event.url));
	if (format === 'csv') {
		const cols = ['period', 'value', 'ci_lower', 'ci_upper', 'source', 'method', 'synthetic'];
		return new Response(toCsv(result.points as unknown as Record<string, unknown>[], cols, [`${indicator.label.id} (${indicator.unit}), ${region}`]), {
			headers: { 'content-type': 'text/csv; charset=utf-8' }
		});
	}
	return json(result);
}
