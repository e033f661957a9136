import { memo } from '$lib/server/api/memo';
import { input } from '$lib/server/edge/input';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { getPublicDatabase } from '$lib/server/db';
import { fileResponse, sheetFile } from '$lib/server/public/download';
import { openDataSheet } from '$lib/server/public/opendata';

/** Open-data downloads (CSV for Indonesian or English Excel, or XLSX), from the public tables only; revalidated by snapshot ETag. */
export async function GET(event) {
	const { params, query } = input(event);
	const db = await getPublicDatabase();
	const headers = publicCacheHeaders(db.manifest.id, event.url);
	// Answered before the query: the file is the largest public answer.
	if (event.request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
	// Made once per snapshot: the XLSX of the 39,000 regional figures takes seconds to write.
	const file = await memo(db, `opendata|${params.table}|${query.format}|${query.lang}`, async () => sheetFile(await openDataSheet(db, params.table, query.lang), query.format, query.lang));
	return fileResponse(file, headers);
}
