import { z } from 'zod';
import { BadRequest } from '../api/errors';
import type { SnapshotDatabase } from '../db';
import { getChildren } from '../regions/query';
import { loadScorecard, rightsParams } from '../rights/service';
import { inPlace } from './metrics';
import { convergence, dropouts, overlap, regionTotals, registerCombos, registersByRegion } from './query';
import { allocationParams, coverageParams, funnelRows, getAllocation, getCoverage, resolveWorkbench, type AllocationResult } from './service';

/** Rows the page lists at most; the CSV/XLSX export carries all of them. */
const PAGE_ROWS = 500;

/** Keeps the URL parameters that parse; a stale or mistyped one falls back to its default. */
function lenient<S extends z.ZodRawShape>(schema: z.ZodObject<S>, params: URLSearchParams): z.infer<z.ZodObject<S>> {
	const clean: Record<string, string> = {};
	for (const [k, v] of params) {
		const field = schema.shape[k] as z.ZodType | undefined;
		if (field && v !== '' && field.safeParse(v).success) clean[k] = v;
	}
	return schema.parse(clean);
}

/** Everything the planner workbench shows, from URL state. */
export async function loadWorkbench(db: SnapshotDatabase, code: string, params: URLSearchParams) {
	const program = params.get('program') || undefined;
	let wb;
	try {
		wb = await resolveWorkbench(db, code, program);
	} catch (err) {
		if (!(err instanceof BadRequest)) throw err;
		wb = await resolveWorkbench(db, code, undefined);
	}
	if (!wb) return null;
	const { programme, region } = wb;
	const parsed = lenient(coverageParams, params);
	// Regencies are listed only under a province or the country; elsewhere fall back to villages.
	const view = parsed.level === 'regency' && region.level !== 'province' && region.level !== 'country' ? { ...parsed, level: 'village' as const } : parsed;
	const alloc = lenient(allocationParams, params);
	const rightsView = { ...lenient(rightsParams, params), level: view.level, district: view.district, q: view.q };
	const [coverage, unmet, totals, drops, pairs, combos, byRegion, krs, districts, rights] = await Promise.all([
		getCoverage(db, wb, view),
		getCoverage(db, wb, { level: 'village', sort: 'exclusion', dir: 'desc', top: 10 }),
		regionTotals(db, programme.code, region.code),
		dropouts(db, programme.code, region.code),
		overlap(db, programme.period, region.code),
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
		if (!(err instanceof BadRequest)) throw err;
		allocationError = { id: err.id, en: err.en };
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
