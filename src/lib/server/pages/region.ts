import { childLevel, LEVELS } from '../../indicators';
import { memo } from '../api/memo';
import type { SnapshotDatabase } from '../db';
import { findIndicator, type CatalogueEntry } from '../indicators/catalogue';
import { listIndicators } from '../indicators/query';
import { getSeries, getValues } from '../indicators/service';
import { getAncestors, getChildren, getRegion } from '../regions/query';

/** The region page's URL state, as the edge parsed it. */
export interface RegionView {
	indicator?: CatalogueEntry;
	period?: number;
	sort: 'code' | 'name' | 'value';
	dir: 'asc' | 'desc';
}

/**
 * Everything the region page shows; an indicator or period this region does not offer falls back to
 * the default. `only` limits the indicators offered (the public view passes the published ones).
 * Remembered per snapshot database under the view, since neither the snapshot nor the answer can change.
 */
export function loadRegionPage(db: SnapshotDatabase, code: string, view: RegionView, only?: ReadonlySet<string>) {
	const key = JSON.stringify(['region-page', code, view.indicator?.id ?? null, view.period ?? null, view.sort, view.dir, only ? [...only].sort() : null]);
	return memo(db, key, () => buildRegionPage(db, code, view, only));
}

async function buildRegionPage(db: SnapshotDatabase, code: string, view: RegionView, only?: ReadonlySet<string>) {
	const region = await getRegion(db, code);
	if (!region) return null;
	const indicators = (await listIndicators(db)).filter((i) => !only || only.has(i.id));
	const level = childLevel(region.level);
	const usable = indicators.filter((i) => (level ? i.levels.includes(level) : true));
	// The asked indicator when this region offers it, else the first it offers; sent to the page as it is.
	const indicator = usable.find((i) => i.id === view.indicator?.id) ?? usable[0] ?? indicators[0]!;
	const entry = findIndicator(indicator.id)!;
	const period = view.period !== undefined && indicator.periods.includes(view.period) ? view.period : indicator.periods.at(-1);
	const [parents, children, series] = await Promise.all([
		getAncestors(db, region),
		getChildren(db, code),
		getSeries(db, entry, code)
	]);
	const values = level && period !== undefined && entry.levels.includes(level) ? await getValues(db, entry, code, level, period) : null;
	const rows = values ? [...values.rows] : [];
	const sign = view.dir === 'asc' ? 1 : -1;
	rows.sort((a, b) => {
		const x = a[view.sort];
		const y = b[view.sort];
		if (x === y) return a.code.localeCompare(b.code);
		if (x === null) return 1;
		if (y === null) return -1;
		return (x < y ? -1 : 1) * sign;
	});
	return {
		region,
		parents,
		childCount: children.length,
		level,
		indicators: usable,
		indicator,
		period: period ?? null,
		rows,
		series: series.points,
		sort: view.sort,
		dir: view.dir,
		snapshot: db.manifest.id,
		levels: LEVELS
	};
}
