import { BadRequest, errorResponse } from '$lib/server/api/errors';
import { toCsv } from '$lib/server/api/serialise';
import { DOWNLOADS, getPublicDatabase, publicEtag, type DownloadName } from '$lib/server/public/query';

/** Open-data CSV downloads, from the public tables only; revalidated by snapshot ETag. */
export async function GET({ params, request }) {
	try {
		if (!Object.hasOwn(DOWNLOADS, params.table)) throw new BadRequest(`Tabel tidak dikenal: ${params.table}`, `Unknown table: ${params.table}`, 404);
		const spec = DOWNLOADS[params.table as DownloadName];
		const db = await getPublicDatabase();
		const etag = publicEtag(db, params.table);
		const headers = { etag, 'cache-control': 'public, max-age=300, must-revalidate' };
		if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
		const rows = await db.query(spec.sql);
		const preamble = [`Tepat open data: ${params.table}; snapshot ${db.manifest.id}${db.manifest.synthetic ? ' (data sintetis / synthetic data)' : ''}`, 'Nilai kosong = disembunyikan (1–9 atau sel pelengkap) / empty value = suppressed (1–9 or complementary cell)'];
		return new Response(toCsv(rows, [...spec.columns], preamble), {
			headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="tepat-${params.table}-${db.manifest.id}.csv"` }
		});
	} catch (err) {
		return errorResponse(err);
	}
}
