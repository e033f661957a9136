import { memo } from '../api/memo';
import type { SnapshotDatabase } from '../db';
import { describeIndicator, findIndicator } from '../indicators/catalogue';
import { indicatorSeries } from '../indicators/query';
import { getAncestors, getChildren, getRegion } from '../regions/query';

/** What a signed-in home page leads with: the registers' counts and coverage, then the official rates. */
const KEY_FIGURES = ['extreme_poor_hh', 'poor_vulnerable_hh', 'extreme_poor_coverage', 'krs_families', 'stunted_children', 'poverty_rate', 'stunting_prevalence'];

/**
 * The signed-in home page: the account's own region (its scope) with the latest value of each key
 * figure the region has, its trail and its child regions. Remembered per snapshot database.
 */
export function loadHome(db: SnapshotDatabase, code: string) {
	return memo(db, JSON.stringify(['home', code]), () => buildHome(db, code));
}

async function buildHome(db: SnapshotDatabase, code: string) {
	const region = await getRegion(db, code);
	if (!region) return null;
	const [parents, children, figures] = await Promise.all([
		getAncestors(db, region),
		getChildren(db, code),
		Promise.all(
			KEY_FIGURES.map(async (id) => {
				const entry = findIndicator(id)!;
				if (!entry.levels.includes(region.level)) return null;
				const latest = (await indicatorSeries(db, entry, code)).filter((p) => p.value !== null).at(-1);
				return latest ? { indicator: describeIndicator(entry), value: latest.value!, period: latest.period, source: latest.source } : null;
			})
		)
	]);
	return { region, parents, children, figures: figures.filter((f) => f !== null), snapshot: db.manifest.id };
}
