import { isHttpError } from '@sveltejs/kit';
import type { SnapshotDatabase } from '../db';
import { getChildren } from '../regions/query';
import { loadScorecard, type RightsParams } from '../rights/service';
import { inPlace } from './metrics';
import type { Principal } from '../auth/policy';
import { convergence, dropouts, regionTotals, registerCombos, registersByRegion } from './query';
import { funnelRows, getAllocation, getCoverage, ownOverlap, resolveWorkbench, type AllocationParams, type AllocationResult, type CoverageParams } from './service';

/** Rows the page lists at most; the CSV/XLSX export carries all of them. */
const PAGE_ROWS = 500;

/** Everything the planner workbench shows to `user`, from its parsed URL state. */
export async function loadWorkbench(
	db: SnapshotDatabase,
	user: Principal,
	code: string,
	query: { program?: string } & CoverageParams & AllocationParams & Pick<RightsParams, 'rights_sort' | 'rights_dir'>
) {
	const { program, rule, packages, budget, min, rights_sort, rights_dir, ...parsed } = query;
	const wb = await resolveWorkbench(db, user, code, program);
	if (!wb) return null;
	const { programme, region } = wb;
	// Regencies are listed only under a province or the country; elsewhere fall back to villages.
	const view = parsed.level === 'regency' && region.level !== 'province' && region.level !== 'country' ? { ...parsed, level: 'village' as const } : parsed;
	const alloc = { rule, packages, budget, min };
	const rightsView = { table: 'villages' as const, rights_sort, rights_dir, level: view.level, district: view.district, q: view.q };
	const [coverage, unmet, totals, drops, pairs, combos, byRegion, krs, districts, rights] = await Promise.all([
		getCoverage(db, wb, view),
		getCoverage(db, wb, { level: 'village', sort: 'exclusion', dir: 'desc', top: 10 }),
		regionTotals(db, programme.code, region.code),
		dropouts(db, programme.code, region.code),
		ownOverlap(db, wb),
		registerCombos(db, programme.period, region.code),
		registersByRegion(db, programme.period, region.code, view.level),
		convergence(db, programme.period, region.code, view.level),
		region.level === 'regency' ? getChildren(db, region.code) : Promise.resolve([]),
		loadScorecard(db, wb, rightsView)
	]);
	let allocation: AllocationResult | null = null;
	let allocationError: { id: string; en: string } | null = null;
	try {
		allocation = await getAllocation(db, wb, alloc);
	} catch (err) {
		if (!isHttpError(err, 400)) throw err;
		allocationError = { id: err.body.id, en: err.body.en };
	}
	return {
		region,
		programmes: wb.programmes.map(({ code, name_id, name_en, period }) => ({ code, name_id, name_en, period })),
		programme,
		view,
		alloc,
		coverage: { ...coverage, rows: coverage.rows.slice(0, PAGE_ROWS), shown: Math.min(coverage.rows.length, PAGE_ROWS), matched: coverage.rows.length },
		unmet: unmet.rows,
		funnel: totals ? funnelRows(totals) : [],
		dropouts: drops,
		overlap: pairs,
		combos,
		registers: byRegion.filter((r) => inPlace(r, view.district, view.q)).slice(0, PAGE_ROWS),
		convergence: krs.filter((r) => r.code === region.code || inPlace(r, view.district, view.q)).slice(0, PAGE_ROWS + 1),
		districts: districts.map(({ code, name }) => ({ code, name })),
		allocation: allocation && { ...allocation, rows: allocation.rows.slice(0, PAGE_ROWS) },
		allocationError,
		rights,
		snapshot: db.manifest.id
	};
}
