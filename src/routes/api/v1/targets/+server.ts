import { error, json } from '@sveltejs/kit';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { sheetResponse } from '$lib/server/public/download';
import { getPublicDatabase } from '$lib/server/db';
import { getRegion } from '$lib/server/regions/query';
import { trajectorySheet } from '$lib/server/targets/download';
import { evaluationDate } from '$lib/server/targets/params';
import { loadTargets } from '$lib/server/targets/query';
import { regionChain, targetIndicators, trajectoryPanel } from '$lib/server/targets/service';

/**
 * Targets bearing on a region, the one in force on `date`, and the trajectory and status per indicator. Official
 * statistics and targets are public tables, so this reads the public database and answers anyone.
 */
export async function GET(event) {
	const q = input(event).query;
	const db = await getPublicDatabase();
	const region = await getRegion(db, q.region);
	if (!region) error(400, bilingual(both(m.error_region_unknown, { code: q.region })));
	const date = evaluationDate(q.date, db.manifest.created);
	const targets = await loadTargets(db);
	const entries = targetIndicators(targets).filter((e) => !q.indicator || e.id === q.indicator.id);
	if (q.indicator && entries.length === 0) error(400, bilingual(both(m.error_no_targets, { indicator: q.indicator.id })));
	const chain = await regionChain(db, region);
	const panels = await Promise.all(entries.map((e) => trajectoryPanel(db, targets, chain, e, date)));
	const headers = publicCacheHeaders(db.manifest.id, event.url);
	if (q.format === 'json') return json({ region: q.region, date, snapshot: db.manifest.id, synthetic: db.manifest.synthetic, indicators: panels }, { headers });
	if (panels.length !== 1) error(400, bilingual(both(m.error_export_needs_indicator)));
	return sheetResponse(trajectorySheet(panels[0]!, region, date, db.manifest.id, q.lang), q.format, q.lang, headers);
}
