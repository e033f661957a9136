import { LEVELS } from '../../indicators';
import { childPrefix } from '../../region-code';
import type { Method } from '../../map/classify';
import { change, type MapGeometry, type MapValue } from '../../map/values';
import { seesProgramme, type Principal } from '../auth/policy';
import { dataDir } from '../config';
import type { SnapshotDatabase } from '../db';
import { listProgrammes, regionTotals } from '../coverage/query';
import { CATALOGUE, describeIndicator, findIndicator, type CatalogueEntry } from '../indicators/catalogue';
import { indicatorSeries, listIndicators } from '../indicators/query';
import { getValues } from '../indicators/service';
import { getAncestors, getRegion } from '../regions/query';
import { mapPreview } from './preview';
import { rasterUrls, tileUrl } from './serve';
import { currentGeometry } from './store';

/** The map page's URL state, as the edge parsed it. */
export interface MapView {
	indicator?: CatalogueEntry;
	period?: number;
	level?: 'district' | 'village';
	c?: Method;
	sel?: string;
}

/**
 * The selected village's profile: every village-level indicator as a series, and the programmes
 * `user` may see with households there (eligible, reached). Signed-in scope only, like the map itself.
 */
async function villageProfile(db: SnapshotDatabase, user: Principal, code: string) {
	const region = await getRegion(db, code);
	if (!region) return null;
	const series = await Promise.all(
		CATALOGUE.filter((indicator) => indicator.levels.includes(region.level)).map(async (indicator) => ({
			indicator: describeIndicator(indicator),
			points: (await indicatorSeries(db, indicator, code)).map((p) => ({ period: p.period, value: p.value }))
		}))
	);
	const programmes = await Promise.all(
		(await listProgrammes(db, code)).filter((p) => seesProgramme(user, p.agency)).map(async (p) => {
			const t = await regionTotals(db, p.code, code);
			return { code: p.code, name: { id: p.name_id, en: p.name_en }, period: p.period, eligible: t?.eligible ?? 0, reached: t?.reached ?? 0 };
		})
	);
	return { region, series, programmes };
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
		created: geometry.manifest.created,
		raster: rasterUrls(geometry)
	};
}

/**
 * The first view's values, read where the page is rendered (only for views small enough for the preview):
 * the legend, the table and the server-drawn map come with the HTML, and the browser asks for nothing
 * before its first paint. `read` opens the database the values API would use for this caller.
 */
async function firstValues(
	read: (indicator: CatalogueEntry) => Promise<SnapshotDatabase>,
	indicator: CatalogueEntry,
	view: { region: string; level: 'district' | 'village'; period: number; previous: number | null }
): Promise<MapValue[] | null> {
	try {
		const db = await read(indicator);
		const ask = async (period: number) => (await getValues(db, indicator, view.region, view.level, period)).rows.map((r) => ({ code: r.code, name: r.name, value: r.value }));
		const now = await ask(view.period);
		return view.previous === null ? now : change(now, await ask(view.previous));
	} catch {
		// The browser asks the values API again and shows its error.
		return null;
	}
}

/** What the map page needs from the URL: region, level, indicator, period, classification, selection, and where the tiles are. */
export async function loadMapPage(db: SnapshotDatabase, user: Principal, code: string, view: MapView, read: (e: CatalogueEntry) => Promise<SnapshotDatabase>) {
	const region = await getRegion(db, code);
	if (!region) return null;
	const depth = LEVELS.indexOf(region.level);
	// Villages by default from a regency down; a province or the country opens at district level.
	const level = view.level && LEVELS.indexOf(view.level) > depth ? view.level : depth >= LEVELS.indexOf('regency') ? 'village' : 'district';
	const indicators = (await listIndicators(db)).filter((i) => i.levels.includes(level));
	const indicator = indicators.find((i) => i.id === view.indicator?.id) ?? indicators[0] ?? null;
	const period = indicator && view.period !== undefined && indicator.periods.includes(view.period) ? view.period : (indicator?.periods.at(-1) ?? null);
	const selected = view.sel?.startsWith(childPrefix(code)) ? view.sel : null;
	const method = view.c ?? 'quantile';
	const geometry = mapGeometry(code);
	const open = currentGeometry(dataDir());
	const preview = geometry && open ? mapPreview(open, code, level, geometry.bounds) : null;
	const previous = indicator && period !== null && method === 'diverging' ? (indicator.periods.filter((p) => p < period).at(-1) ?? null) : null;
	// Independent reads, so the page waits for the slowest rather than their sum.
	const [parents, profile, rows] = await Promise.all([
		getAncestors(db, region),
		selected ? villageProfile(db, user, selected) : null,
		preview && indicator && period !== null ? firstValues(read, findIndicator(indicator.id)!, { region: code, level, period, previous }) : null
	]);
	return {
		region,
		parents,
		level,
		indicators,
		indicator,
		period,
		method,
		selected,
		profile,
		snapshot: db.manifest.id,
		synthetic: db.manifest.synthetic,
		geometry,
		/** Only with `rows`: a server-drawn map needs its colours. */
		preview: rows ? preview : null,
		rows
	};
}
