import { z } from 'zod';
import { LEVELS } from '../../indicators';
import { METHODS } from '../../map/classify';
import { dataDir } from '../config';
import type { SnapshotDatabase } from '../db';
import { listIndicators } from '../indicators/query';
import { getAncestors, getRegion } from '../regions/query';
import { tileUrl } from './serve';
import { currentGeometry } from './store';

const viewQuery = z.object({
	i: z.string().max(64).optional(),
	p: z.coerce.number().int().optional().catch(undefined),
	level: z.enum(['district', 'village']).optional().catch(undefined),
	c: z.enum(METHODS).optional().catch(undefined),
	sel: z.string().max(20).optional().catch(undefined)
});

/** What the map page needs from the URL: region, level, indicator, period, classification, and where the tiles are. */
export async function loadMapPage(db: SnapshotDatabase, code: string, params: URLSearchParams) {
	const region = await getRegion(db, code);
	if (!region) return null;
	const view = viewQuery.parse(Object.fromEntries(params));
	const depth = LEVELS.indexOf(region.level);
	// Villages by default from a regency down; a province or the country opens at district level.
	const level = view.level && LEVELS.indexOf(view.level) > depth ? view.level : depth >= LEVELS.indexOf('regency') ? 'village' : 'district';
	const indicators = (await listIndicators(db)).filter((i) => i.levels.includes(level));
	const indicator = indicators.find((i) => i.id === view.i) ?? indicators[0];
	const period = indicator && view.p !== undefined && indicator.periods.includes(view.p) ? view.p : (indicator?.periods.at(-1) ?? null);
	const geometry = currentGeometry(dataDir());
	const box = geometry?.regions[code];
	return {
		region,
		parents: await getAncestors(db, region),
		level,
		indicators,
		indicator: indicator?.id ?? null,
		period,
		method: view.c ?? 'quantile',
		selected: view.sel && view.sel.startsWith(code === 'ID' ? '' : `${code}.`) ? view.sel : null,
		snapshot: db.manifest.id,
		synthetic: db.manifest.synthetic,
		geometry: geometry && {
			tiles: tileUrl(geometry),
			bounds: (box ? box.slice(0, 4) : geometry.manifest.bounds) as [number, number, number, number],
			indicative: geometry.manifest.indicative,
			source: geometry.manifest.source
		}
	};
}
