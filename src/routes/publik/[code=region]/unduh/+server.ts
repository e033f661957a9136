import { error } from '@sveltejs/kit';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { sheetResponse } from '$lib/server/public/download';
import { getPublicDatabase } from '$lib/server/db';
import { publicTrend, trendRegions, trendSheet } from '$lib/server/public/trend';
import { getAncestors, getRegion } from '$lib/server/regions/query';

/** A region's public figures for every year, beside its district's and regency's, as CSV or XLSX. */
export async function GET(event) {
	const { params, query } = input(event);
	const db = await getPublicDatabase();
	const region = await getRegion(db, params.code);
	const regions = region ? trendRegions(region, await getAncestors(db, region)) : [];
	const rows = await (regions.length ? publicTrend(db, regions) : Promise.resolve([]));
	if (!region || rows.length === 0) error(404, bilingual(both(m.error_no_public_data), 'not-found'));
	return sheetResponse(trendSheet(db, region, rows, query.lang), query.format, query.lang, publicCacheHeaders(db.manifest.id, event.url));
}
