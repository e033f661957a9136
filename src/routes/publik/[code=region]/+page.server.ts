import { error } from '@sveltejs/kit';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { mapGeometry } from '$lib/server/geometry/page';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { getPublicDatabase } from '$lib/server/db';
import { officialSeries } from '$lib/server/public/official';
import { loadPublicRegion, publicTargetPanels } from '$lib/server/public/region';
import { publicTrend, trendRegions } from '$lib/server/public/trend';

export async function load(event) {
	const { params, query } = input(event);
	const db = await getPublicDatabase();
	const page = await loadPublicRegion(db, params.code, query.period);
	if (!page?.own) error(404, bilingual(both(m.error_no_public_data), 'not-found'));
	// Boundaries carry region codes only; the page's tile URL names their version, so the ETag does too.
	const geometry = mapGeometry(params.code);
	event.setHeaders(publicCacheHeaders(db.manifest.id, event.url, event.isDataRequest, geometry?.version));
	const [targets, trend] = await Promise.all([publicTargetPanels(db, page.region), publicTrend(db, trendRegions(page.region, page.parents))]);
	return { ...page, official: officialSeries(page.official), geometry, targets, trend };
}
