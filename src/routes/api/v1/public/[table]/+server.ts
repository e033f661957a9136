import { toCsv } from '$lib/server/api/serialise';
import { input } from '$lib/server/edge/input';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { getPublicDatabase } from '$lib/server/db';
import { DOWNLOADS } from '$lib/server/public/downloads';

/** Open-data CSV downloads, from the public tables only; revalidated by snapshot ETag. */
export async function GET(event) {
	const { table } = input(event).params;
	const spec = DOWNLOADS[table];
	const db = await getPublicDatabase();
	const headers = publicCacheHeaders(db.manifest.id, event.url);
	// Answered before the query: the file is the largest public answer.
	if (event.request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
	const rows = await db.query(spec.sql);
	const preamble = [`Tepat open data: ${table}; snapshot ${db.manifest.id}${db.manifest.synthetic ? ' (data sintetis / synthetic data)' : ''}`, 'Nilai kosong = disembunyikan (1–9 atau sel pelengkap) / empty value = suppressed (1–9 or complementary cell)'];
	return new Response(toCsv(rows, [...spec.columns], preamble), {
		headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="tepat-${table}-${db.manifest.id}.csv"` }
	});
}
