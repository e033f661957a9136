import { isHttpError } from '@sveltejs/kit';
import type { SnapshotDatabase } from '../db';
import { getChildren } from '../regions/query';
import { loadScorecard, type RightsParams } from '../rights/service';
import { inPlace } from './metrics';
import type { Principal } from '../auth/policy';
import { convergence, dropouts, regionTotals, registerCombos, registersByRegion } from './query';
import {
	funnelRows,
	getAllocation,
	getCoverage,
	ownOverlap,
	resolveWorkbench,
	type AllocationParams,
	type AllocationResult,
	type CoverageParams,
	type WorkbenchParams
} from './service';

/** Regions a map of the workbench draws at most; the CSV/XLSX carries every row. */
const MAP_ROWS = 5000;
/** Villages the summary names as the largest unmet need. */
export const TOP_UNMET = 10;

/** One page of a table: its rows and where it sits among all of them. */
export interface Paged<R> {
	rows: R[];
	/** Rows before paging (after filters). */
	total: number;
	page: number;
	size: number;
}

/** Page `page` (from 1) of `size` rows; a page past the end shows the last one. */
export function pageOf<R>(rows: R[], page: number, size: number): Paged<R> {
	const last = Math.max(1, Math.ceil(rows.length / size));
	const at = Math.min(page, last);
	return { rows: rows.slice((at - 1) * size, at * size), total: rows.length, page: at, size };
}

type Query = { program?: string } & WorkbenchParams & Omit<CoverageParams, 'sort' | 'dir'> & Partial<Pick<CoverageParams, 'sort' | 'dir'>> & AllocationParams & Pick<RightsParams, 'rights_sort' | 'rights_dir'>;

/** How a section sorts its table when the URL does not say: coverage lowest first, the others largest unmet need first. */
const SECTION_SORT: Partial<Record<WorkbenchParams['section'], Pick<CoverageParams, 'sort' | 'dir'>>> = { coverage: { sort: 'coverage_pct', dir: 'asc' } };
const DEFAULT_SORT: Pick<CoverageParams, 'sort' | 'dir'> = { sort: 'exclusion', dir: 'desc' };

/**
 * What the planner workbench shows to `user` from its parsed URL state: the key figures on every section,
 * and only the chosen section's tables (one page of each; the map gets every filtered row).
 */
export async function loadWorkbench(db: SnapshotDatabase, user: Principal, code: string, query: Query) {
	const { program, section, page, rows: size, mode, rule, packages, budget, min, rights_sort, rights_dir, sort, dir, ...rest } = query;
	const fallback = SECTION_SORT[section] ?? DEFAULT_SORT;
	const parsed = { ...rest, sort: sort ?? fallback.sort, dir: dir ?? (sort ? 'desc' : fallback.dir) };
	const wb = await resolveWorkbench(db, user, code, program);
	if (!wb) return null;
	const { programme, region } = wb;
	// Regencies are listed only under a province or the country; elsewhere fall back to villages.
	const view = parsed.level === 'regency' && region.level !== 'province' && region.level !== 'country' ? { ...parsed, level: 'village' as const } : parsed;
	const alloc = { mode, rule, packages, budget, min };
	const paged = <R>(rows: R[]) => pageOf(rows, page, size);
	const [totals, coverage, districts] = await Promise.all([
		regionTotals(db, programme.code, region.code),
		getCoverage(db, wb, section === 'summary' ? { level: 'village', sort: 'exclusion', dir: 'desc', top: TOP_UNMET } : view),
		region.level === 'regency' ? getChildren(db, region.code) : Promise.resolve([])
	]);
	const base = {
		region,
		programmes: wb.programmes.map(({ code, name_id, name_en, period, unit_value_rp }) => ({ code, name_id, name_en, period, unit_value_rp })),
		programme: { code: programme.code, name_id: programme.name_id, name_en: programme.name_en, period: programme.period, unit_value_rp: programme.unit_value_rp },
		section,
		view,
		alloc,
		total: coverage.total,
		verval: totals && { checked: totals.verval_checked, eligible: totals.verval_eligible, rejected: totals.verval_rejected },
		figure: coverage.figure,
		districts: districts.map(({ code, name }) => ({ code, name })),
		snapshot: db.manifest.id
	};
	const tables = await sectionTables(db, wb, section, { view, alloc, paged, coverage, totals, rights: { rights_sort, rights_dir } });
	return { ...base, tables };
}

interface SectionContext {
	view: CoverageParams;
	alloc: AllocationParams;
	paged: <R>(rows: R[]) => Paged<R>;
	coverage: Awaited<ReturnType<typeof getCoverage>>;
	totals: Awaited<ReturnType<typeof regionTotals>>;
	rights: Pick<RightsParams, 'rights_sort' | 'rights_dir'>;
}

/** The tables of one section, and nothing of the others; `kind` tells them apart. */
async function sectionTables(db: SnapshotDatabase, wb: Parameters<typeof getCoverage>[1], section: WorkbenchParams['section'], c: SectionContext) {
	const { programme, region } = wb;
	const { view } = c;
	const place = <R extends { code: string; name: string }>(rows: R[]) => rows.filter((r) => inPlace(r, view.district, view.q));
	switch (section) {
		case 'summary':
			return { kind: 'summary' as const, unmet: c.coverage.rows };
		case 'coverage':
		case 'errors':
		case 'lists':
			return { kind: 'regions' as const, table: c.paged(c.coverage.rows), count: c.coverage.count, mapRows: c.coverage.rows.slice(0, MAP_ROWS) };
		case 'funnel':
			return { kind: 'funnel' as const, funnel: c.totals ? funnelRows(c.totals) : [], dropouts: await dropouts(db, programme.code, region.code) };
		case 'overlap': {
			const [pairs, krs] = await Promise.all([ownOverlap(db, wb), convergence(db, programme.period, region.code, view.level)]);
			const own = krs.find((r) => r.code === region.code) ?? null;
			return { kind: 'overlap' as const, overlap: pairs, convergenceOwn: own, convergence: c.paged(place(krs.filter((r) => r.code !== region.code))) };
		}
		case 'registers': {
			const [combos, byRegion] = await Promise.all([registerCombos(db, programme.period, region.code), registersByRegion(db, programme.period, region.code, view.level)]);
			return { kind: 'registers' as const, combos, registers: c.paged(place(byRegion)) };
		}
		case 'rights': {
			const card = await loadScorecard(db, wb, { table: 'villages', ...c.rights, level: view.level, district: view.district, q: view.q });
			// The programmes of the chosen one's period; the CSV/XLSX of the scorecard lists every period.
			const programmes = card.programmes.filter((p) => p.period === programme.period);
			return { kind: 'rights' as const, rights: { ...card, programmes, regions: c.paged(card.regions) } };
		}
		case 'allocation': {
			// The next packages need a number: until one is given the section shows the form alone.
			const none = { kind: 'allocation' as const, allocation: null, allocationError: null };
			if (c.alloc.mode === 'next' && c.alloc.packages === undefined && c.alloc.budget === undefined) return none;
			try {
				const result: AllocationResult = await getAllocation(db, wb, c.alloc);
				return { ...none, allocation: { ...result, rows: c.paged(result.rows), mapRows: result.rows.slice(0, MAP_ROWS) } };
			} catch (err) {
				if (!isHttpError(err, 400)) throw err;
				return { ...none, allocationError: { id: err.body.id, en: err.body.en } };
			}
		}
	}
}
