import { z } from 'zod';
import { LEVELS } from '../../indicators';
import { METHODS } from '../../map/classify';
import type { MapGeometry } from '../../map/values';
import { dataDir } from '../config';
import type { SnapshotDatabase } from '../db';
import { listProgrammes, regionTotals } from '../coverage/query';
import { CATALOGUE } from '../indicators/catalogue';
import { indicatorSeries, listIndicators } from '../indicators/query';
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

/**
 * The selected village's profile: every village-level indicator as a series, and the programmes
 * with households there (eligible, reached). Signed-in scope only, like the map itself.
 */
async function villageProfile(db: SnapshotDatabase, code: string) {
	const region = await getRegion(db, code);
	if (!region) return null;
	const indicators = await Promise.all(
		CATALOGUE.filter((e) => e.levels.includes(region.level)).map(async (e) => ({
			id: e.id,
			label: e.label,
			unit: e.unit,
			source: e.source,
			points: (await indicatorSeries(db, e, code)).map((p) => ({ period: p.period, value: p.value }))
		}))
	);
	const programmes = await Promise.all(
		(await listProgrammes(db, code)).map(async (p) => {
			const t = await regionTotals(db, p.code, code);
			return { code: p.code, name: { id: p.name_id, en: p.name_en }, period: p.period, eligible: t?.eligible ?? 0, reached: t?.reached ?? 0 };
		})
	);
	return { region, indicators, programmes };
}

/** Where a map of `code`'s children gets its tiles and camera, or null before any boundaries are published. */
export function mapGeometry(code: string): MapGeometry | null {
	const geometry = currentGeometry(dataDir());
	if (!geometry) return null;
	const box = geometry.regions[code];
	return {
		version: geometry.manifest.id,
		tiles: tileUrl(geometry),
		bounds: (box ? box.slice(0, 4) : geometry.manifest.bounds) as MapGeometry['bounds'],
		indicative: geometry.manifest.indicative,
		source: geometry.manifest.source,
		created: geometry.manifest.created
	};
}

/** What the map page needs from the URL: region, level, indicator, period, classification, selection, and where the tiles are. */
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
	const selected = view.sel && view.sel.startsWith(code === 'ID' ? '' : `${code}.`) ? view.sel : null;
	return {
		region,
		parents: await getAncestors(db, region),
		level,
		indicators,
		indicator: indicator?.id ?? null,
		period,
		method: view.c ?? 'quantile',
		selected,
		profile: selected ? await villageProfile(db, selected) : null,
		snapshot: db.manifest.id,
		synthetic: db.manifest.synthetic,
		geometry: mapGeometry(code)
	};
}
