import { BadRequest, errorResponse } from '$lib/server/api/errors';
import { toCsv } from '$lib/server/api/serialise';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { DOWNLOADS, getPublicDatabase, type DownloadName } from '$lib/server/public/query';

/** Open-data CSV downloads, from the public tables only; revalidated by snapshot ETag. */
export async function GET({ params, request, url }) {
	try {
		if (!Object.hasOwn(DOWNLOADS, params.table)) throw new BadRequest(`Tabel tidak dikenal: ${params.table}`, `Unknown table: ${params.table}`, 404);
		const spec = DOWNLOADS[params.table as DownloadName];
		const db = await getPublicDatabase();
		const headers = publicCacheHeaders(db.manifest.id, url);
		// Answered before the query: the file is the largest public answer.
		if (request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
		const rows = await db.query(spec.sql);
		const preamble = [`Tepat open data: ${params.table}; snapshot ${db.manifest.id}${db.manifest.synthetic ? ' (data sintetis / synthetic data)' : ''}`, 'Nilai kosong = disembunyikan (1–9 atau sel pelengkap) / empty value = suppressed (1–9 or complementary cell)'];
		return new Response(toCsv(rows, [...spec.columns], preamble), {
			headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="tepat-${params.table}-${db.manifest.id}.csv"` }
		});
	} catch (err) {
		return errorResponse(err);
	}
}
