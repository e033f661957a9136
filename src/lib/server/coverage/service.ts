import { z } from 'zod';
import type { Level, Text } from '../../indicators';
import type { Locale } from '../../format';
import { dropoutWords, FUNNEL_STAGE_LABEL, INTERVENTION_LABEL } from '../../coverage-labels';
import { INTERVENTIONS } from '../../interventions';
import { CRITERIA } from '../../criteria';
import { criterionNamed } from '../../criteria-labels';
import { listHref, PAGE_SIZES, WORKBENCH_SECTIONS } from '../../workbench';
import { m } from '../../paraglide/messages';
import { error } from '@sveltejs/kit';
import { districtCode } from '../edge/fields';
import { bilingual } from '../errors';
import { both, inBoth } from '../../bilingual';
import { seesProgramme, type Principal } from '../auth/policy';
import type { SnapshotDatabase } from '../db';
import { memo } from '../api/memo';
import { describeRule } from '../eligibility/rule';
import { exportColumn as col, type ExportColumn, type ExportTable } from '../export/table';
import { knownRegion, type Region } from '../regions/query';
import { ALLOCATION_RULES, AllocationError, allocate, outcome, packagesForBudget } from './allocate';
import { SORT_KEYS, filterCoverage, inPlace, withRates, type CoverageRow } from './metrics';
import { convergence, coverageRows, dropouts, listProgrammes, overlap, regionTotals, registerCombos, registersByRegion, REGISTERS, type OverlapCell, type Programme, type RegionTotals } from './query';

const num = z.coerce.number().finite();

/** The coverage view's state; the same names are used in page URLs and API query strings. */
export const coverageParams = z.object({
	level: z.enum(['regency', 'district', 'village']).default('village'),
	district: districtCode.optional(),
	q: z.string().max(100).optional(),
	min_cov: num.min(0).max(100).optional(),
	max_cov: num.min(0).max(100).optional(),
	min_unmet: num.int().min(0).optional(),
	sort: z.enum(SORT_KEYS).default('exclusion'),
	dir: z.enum(['asc', 'desc']).default('desc'),
	top: num.int().min(1).max(5000).optional()
});
export type CoverageParams = z.infer<typeof coverageParams>;

export const workbenchParams = z.object({
	section: z.enum(WORKBENCH_SECTIONS).default('summary'),
	page: num.int().min(1).max(10_000).default(1),
	rows: z.coerce.number().pipe(z.literal(PAGE_SIZES)).default(PAGE_SIZES[0])
});
export type WorkbenchParams = z.infer<typeof workbenchParams>;

/**
 * `total`: split a total number of packages as if nothing had been delivered yet (every eligible household
 * counts). `next`: N more packages on top of what was delivered, so only eligible households not yet reached count.
 */
export const ALLOCATION_MODES = ['next', 'total'] as const;

export const allocationParams = z.object({
	mode: z.enum(ALLOCATION_MODES).default('total'),
	rule: z.enum(ALLOCATION_RULES).default('flat'),
	packages: num.int().min(0).max(100_000_000).optional(),
	budget: num.min(0).max(1e15).optional(),
	min: num.int().min(0).max(1_000_000).default(0)
});
export type AllocationParams = z.infer<typeof allocationParams>;

export interface Figure {
	source: Text;
	method: Text;
}

/** Source and method notes under every workbench figure. */
export function programmeFigure(p: Programme): Figure {
	return {
		source: both(m.coverage_source, { agency: p.agency, period: p.period }),
		method: inBoth((locale) => m.coverage_method({ period: p.period, rule: describeRule(p.rule, locale) }, { locale }))
	};
}

export interface Workbench {
	/** Who asks: what they may see of the region's programmes (agency officers: their agency's). */
	user: Principal;
	region: Region;
	/** The programmes the user may see here: an agency officer's own agency's only. */
	programmes: Programme[];
	programme: Programme;
}

/**
 * Region and chosen programme (the newest one with data when none is asked for), among the programmes
 * `user` may see. Another agency's programme is answered like one that does not exist: 404.
 */
export async function resolveWorkbench(db: SnapshotDatabase, user: Principal, regionCode: string, program: string | undefined): Promise<Workbench | null> {
	const region = await knownRegion(db, regionCode);
	if (!region) return null;
	const programmes = (await listProgrammes(db, regionCode)).filter((p) => seesProgramme(user, p.agency));
	const programme = programmes.find((p) => p.code === program) ?? (program === undefined ? programmes[0] : undefined);
	if (!programme) {
		if (program === undefined) return null;
		error(404, bilingual(both(m.error_programme_not_in, { programme: program, code: regionCode }), 'not-found'));
	}
	return { user, region, programmes, programme };
}

export interface CoverageResult {
	region: string;
	programme: string;
	period: number;
	level: Level;
	snapshot: string;
	synthetic: boolean;
	figure: Figure;
	/** The region's own totals. */
	total: CoverageRow;
	/** Rows at `level` before filtering. */
	count: number;
	rows: CoverageRow[];
}

/**
 * A region's coverage rows at a level, remembered for the snapshot (within the memo's byte budget): every
 * page, section and filter of the workbench starts from them, and the country's are 83,762 rows that
 * take a third of a second or more to read. Nothing changes them (they are read-only to every caller).
 */
const rowsOf = (db: SnapshotDatabase, programme: string, region: string, level: Level): Promise<readonly CoverageRow[]> =>
	memo(db, JSON.stringify(['coverage-rows', programme, region, level]), () => coverageRows(db, programme, region, level));

export async function getCoverage(db: SnapshotDatabase, wb: Workbench, p: CoverageParams): Promise<CoverageResult> {
	const [all, own] = await Promise.all([rowsOf(db, wb.programme.code, wb.region.code, p.level), regionTotals(db, wb.programme.code, wb.region.code)]);
	const rows = filterCoverage(all, {
		district: p.district,
		q: p.q,
		minCoverage: p.min_cov,
		maxCoverage: p.max_cov,
		minUnmet: p.min_unmet,
		sort: p.sort,
		dir: p.dir,
		top: p.top
	});
	return {
		region: wb.region.code,
		programme: wb.programme.code,
		period: wb.programme.period,
		level: p.level,
		snapshot: db.manifest.id,
		synthetic: db.manifest.synthetic,
		figure: programmeFigure(wb.programme),
		total: withRates({
			code: wb.region.code,
			name: wb.region.name,
			district_code: null,
			district_name: null,
			eligible: own?.eligible ?? 0,
			reached: own?.reached ?? 0,
			reached_eligible: own?.reached_eligible ?? 0,
			amount_rp: own?.amount_rp ?? 0
		}),
		count: all.length,
		rows
	};
}

export type AllocationRow = {
	code: string;
	name: string;
	district_name: string | null;
	eligible: number;
	/** Eligible households not reached yet (the exclusion error before these packages). */
	unmet: number;
	allocated: number;
	covered: number;
	/** Eligible households the plan leaves without a package: of all eligible (`total`), of those not yet reached (`next`). */
	unreached: number;
	surplus: number;
	flat_allocated: number;
	flat_covered: number;
	flat_unreached: number;
};

export interface AllocationResult {
	region: string;
	programme: string;
	period: number;
	mode: (typeof ALLOCATION_MODES)[number];
	rule: (typeof ALLOCATION_RULES)[number];
	packages: number;
	minimum: number;
	unit_value_rp: number;
	snapshot: string;
	figure: Figure;
	totals: Omit<AllocationRow, 'code' | 'name' | 'district_name'>;
	/** The exclusion error (eligible not reached, and its share of eligible) before and after the next packages; null for a `total` split. */
	exclusion: { before: number; after: number; before_pct: number | null; after_pct: number | null } | null;
	/** Villages by packages, most first (then by unmet need, then code). */
	rows: AllocationRow[];
}

const share = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);

/**
 * Splits packages (or what a budget buys) across the region's villages under the rule, beside the flat split
 * of the same total. A package reaches one eligible household of its village: any of them for a `total` split
 * (the programme's actual reach is the total when no number is given), one not yet reached for the `next` ones.
 */
export async function getAllocation(db: SnapshotDatabase, wb: Workbench, p: AllocationParams): Promise<AllocationResult> {
	const villages = await rowsOf(db, wb.programme.code, wb.region.code, 'village');
	const unit = wb.programme.unit_value_rp;
	const next = p.mode === 'next';
	if (next && p.packages === undefined && p.budget === undefined) {
		error(400, bilingual(both(m.error_allocation_amount)));
	}
	const packages =
		p.packages ?? (p.budget !== undefined ? packagesForBudget(p.budget, unit) : villages.reduce((s, v) => s + v.reached, 0));
	const input = villages.map((v) => ({ code: v.code, eligible: v.eligible, unmet: v.exclusion }));
	let chosen: number[];
	let flat: number[];
	try {
		chosen = allocate(input, packages, p.rule, p.min);
		flat = allocate(input, packages, 'flat');
	} catch (err) {
		if (err instanceof AllocationError) {
			error(400, bilingual(both(m.error_allocation_minimum, { min: p.min, villages: villages.length, packages })));
		}
		throw err;
	}
	const rows = villages.map((v, i) => {
		const within = next ? v.exclusion : v.eligible;
		const a = outcome(within, chosen[i]!);
		const f = outcome(within, flat[i]!);
		return {
			code: v.code,
			name: v.name,
			district_name: v.district_name,
			eligible: v.eligible,
			unmet: v.exclusion,
			allocated: a.allocated,
			covered: a.covered,
			unreached: a.unreached,
			surplus: a.surplus,
			flat_allocated: f.allocated,
			flat_covered: f.covered,
			flat_unreached: f.unreached
		};
	});
	// Region codes are ASCII digits and dots: plain comparison orders them as localeCompare does, at a fraction of its cost.
	rows.sort((a, b) => b.allocated - a.allocated || b.unmet - a.unmet || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	const keys = ['eligible', 'unmet', 'allocated', 'covered', 'unreached', 'surplus', 'flat_allocated', 'flat_covered', 'flat_unreached'] as const;
	const totals = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as AllocationResult['totals'];
	return {
		region: wb.region.code,
		programme: wb.programme.code,
		period: wb.programme.period,
		mode: p.mode,
		rule: p.rule,
		packages,
		minimum: p.min,
		unit_value_rp: unit,
		snapshot: db.manifest.id,
		figure: programmeFigure(wb.programme),
		totals,
		exclusion: next
			? { before: totals.unmet, after: totals.unreached, before_pct: share(totals.unmet, totals.eligible), after_pct: share(totals.unreached, totals.eligible) }
			: null,
		rows
	};
}

const opt = (lang: Locale) => ({ locale: lang });

/** The columns that name a village in the workbench's exports: its code, name and district. */
export function placeColumns(lang: Locale): ExportColumn[] {
	const o = opt(lang);
	return [col('code', m.col_code({}, o), 'string'), col('name', m.col_name({}, o), 'string'), col('district_name', m.level_district({}, o), 'string')];
}

export function coverageColumns(lang: Locale): ExportColumn[] {
	const o = opt(lang);
	return [
		...placeColumns(lang),
		col('eligible', m.wb_col_eligible({}, o)),
		col('reached', m.wb_col_reached({}, o)),
		col('coverage_pct', m.wb_col_coverage({}, o), 'number', 1),
		col('exclusion', m.wb_col_exclusion({}, o)),
		col('exclusion_pct', m.wb_col_exclusion_pct({}, o), 'number', 1),
		col('inclusion', m.wb_col_inclusion({}, o)),
		col('inclusion_pct', m.wb_col_inclusion_pct({}, o), 'number', 1),
		col('amount_rp', m.wb_col_amount({}, o)),
		col('rp_per_eligible', m.wb_col_rp_per_eligible({}, o))
	];
}

/** The distribution plan: village, packages, what they reach, and a link to the village's by-name list. */
export function allocationColumns(lang: Locale, mode: AllocationResult['mode']): ExportColumn[] {
	const o = opt(lang);
	const next = mode === 'next';
	return [
		...placeColumns(lang),
		col('allocated', m.wb_col_allocated({}, o)),
		col('eligible', m.wb_col_eligible({}, o)),
		col('unmet', m.wb_col_exclusion({}, o)),
		col('covered', next ? m.wb_col_covered_next({}, o) : m.wb_col_covered({}, o)),
		col('unreached', next ? m.wb_col_unreached_next({}, o) : m.wb_col_unreached({}, o)),
		col('surplus', m.wb_col_surplus({}, o)),
		col('flat_allocated', m.wb_col_flat_allocated({}, o)),
		col('flat_covered', m.wb_col_flat_covered({}, o)),
		col('flat_unreached', m.wb_col_flat_unreached({}, o)),
		col('list', m.wb_col_list_link({}, o), 'link')
	];
}

const filterPairs = (p: Record<string, unknown>): [string, string][] =>
	Object.entries(p)
		.filter(([, v]) => v !== undefined && v !== '')
		.map(([k, v]) => [`Filter ${k}`, String(v)]);

export function coverageExport(r: CoverageResult, wb: Workbench, p: CoverageParams, lang: Locale): ExportTable {
	return {
		title: m.wb_coverage_caption(
			{ programme: lang === 'en' ? wb.programme.name_en : wb.programme.name_id, period: r.period, name: wb.region.name },
			opt(lang)
		),
		filters: filterPairs({ region: r.region, program: r.programme, ...p }),
		source: r.figure.source[lang],
		method: r.figure.method[lang],
		snapshot: r.snapshot + (r.synthetic ? ' (synthetic)' : ''),
		columns: coverageColumns(lang),
		rows: r.rows as unknown as Record<string, unknown>[]
	};
}

/** The distribution plan as CSV/XLSX, villages with the most packages first, each linked to its by-name list at `origin`. */
export function allocationExport(r: AllocationResult, wb: Workbench, lang: Locale, origin: string): ExportTable {
	const programme = lang === 'en' ? wb.programme.name_en : wb.programme.name_id;
	const exclusion = r.exclusion && m.wb_alloc_exclusion_change({ before: r.exclusion.before, after: r.exclusion.after }, opt(lang));
	return {
		title: r.mode === 'next' ? m.wb_alloc_plan_title({ packages: r.packages, programme, name: wb.region.name }, opt(lang)) : m.wb_alloc_caption({ programme, name: wb.region.name }, opt(lang)),
		filters: [...filterPairs({ region: r.region, program: r.programme, mode: r.mode, rule: r.rule, packages: r.packages, min: r.minimum }), ...(exclusion ? [[m.wb_col_exclusion({}, opt(lang)), exclusion] as [string, string]] : [])],
		source: r.figure.source[lang],
		method: r.mode === 'next' ? m.wb_alloc_method_next({}, opt(lang)) : m.wb_alloc_method({}, opt(lang)),
		snapshot: r.snapshot,
		columns: allocationColumns(lang, r.mode),
		rows: r.rows.map((row) => ({ ...row, list: `${origin}${listHref(row.code, r.programme)}` }))
	};
}

/** Households reached by two programmes, for the pairs of programmes the user may see. */
export async function ownOverlap(db: SnapshotDatabase, wb: Workbench): Promise<OverlapCell[]> {
	const seen = new Set(wb.programmes.map((p) => p.code));
	return (await overlap(db, wb.programme.period, wb.region.code)).filter((c) => seen.has(c.programme_a) && seen.has(c.programme_b));
}

/** The workbench's other tables, each downloadable like the coverage table. */
export const SIDE_TABLES = ['funnel', 'dropouts', 'overlap', 'registers', 'register_combos', 'convergence'] as const;
export type SideTable = (typeof SIDE_TABLES)[number];

export const sideParams = z.object({
	table: z.enum(SIDE_TABLES),
	level: coverageParams.shape.level,
	district: coverageParams.shape.district,
	q: coverageParams.shape.q
});
export type SideParams = z.infer<typeof sideParams>;

export interface SideResult {
	table: SideTable;
	region: string;
	programme: string;
	period: number;
	snapshot: string;
	figure: Figure;
	rows: Record<string, string | number | null>[];
}

const FUNNEL_STAGES = ['listed', 'verified', 'passed', 'delivered', 'signed'] as const;

/**
 * The funnel as the data holds it: a stage the programme's list does not record stays null ("not
 * recorded"), and every share is of the first stage it does record.
 */
export function funnelRows(t: RegionTotals): { stage: (typeof FUNNEL_STAGES)[number]; households: number | null; share_first_pct: number | null }[] {
	const first = FUNNEL_STAGES.map((s) => t[s]).find((v) => v !== null) ?? null;
	return FUNNEL_STAGES.map((stage) => {
		const households = t[stage];
		return { stage, households, share_first_pct: households !== null && first ? (100 * households) / first : null };
	});
}

/** Rows of one side table; per-region tables honour the district and name filters. */
export async function getSideTable(db: SnapshotDatabase, wb: Workbench, p: SideParams): Promise<SideResult> {
	const { programme, region } = wb;
	const place = <R extends { code: string; name: string }>(rows: R[]) => rows.filter((r) => r.code !== region.code && inPlace(r, p.district, p.q));
	let rows: SideResult['rows'];
	if (p.table === 'funnel') {
		const t = await regionTotals(db, programme.code, region.code);
		rows = t ? funnelRows(t) : [];
	} else if (p.table === 'dropouts') {
		rows = (await dropouts(db, programme.code, region.code)).map((d) => ({ ...d }));
	} else if (p.table === 'overlap') {
		rows = (await ownOverlap(db, wb)).map((c) => ({ ...c }));
	} else if (p.table === 'register_combos') {
		rows = (await registerCombos(db, programme.period, region.code)).map((c) => ({ registers: c.registers.join('+').toUpperCase(), households: c.households }));
	} else if (p.table === 'registers') {
		rows = place(await registersByRegion(db, programme.period, region.code, p.level)).map(({ only, criteria, children, ...r }) => ({
			...Object.fromEntries(REGISTERS.map((k) => [k, only[k]])),
			...r,
			...criteria,
			...children
		}));
	} else {
		rows = place(await convergence(db, programme.period, region.code, p.level)).map(({ got, by_count: _, ...r }) => ({ ...got, ...r }));
	}
	return { table: p.table, region: region.code, programme: programme.code, period: programme.period, snapshot: db.manifest.id, figure: programmeFigure(programme), rows };
}

function sideColumns(table: SideTable, lang: Locale): ExportColumn[] {
	const o = opt(lang);
	const place = [col('code', m.col_code({}, o), 'string'), col('name', m.col_name({}, o), 'string')];
	const households = col('households', m.wb_col_households({}, o));
	switch (table) {
		case 'funnel':
			return [col('stage', m.wb_col_stage({}, o), 'string'), households, col('share_first_pct', m.wb_col_share_first({}, o), 'number', 1)];
		case 'dropouts':
			return [col('stopped_at', m.wb_col_stopped_at({}, o), 'string'), col('reason', m.wb_col_reason({}, o), 'string'), households];
		case 'overlap':
			return [col('programme_a', `${m.wb_programme({}, o)} A`, 'string'), col('programme_b', `${m.wb_programme({}, o)} B`, 'string'), households];
		case 'register_combos':
			return [col('registers', m.wb_col_registers({}, o), 'string'), households];
		case 'registers':
			return [
				...place,
				...REGISTERS.map((k) => col(k, m.wb_reg_only({ register: k.toUpperCase() }, o))),
				col('several', m.wb_col_several({}, o)),
				col('total', m.wb_col_total({}, o)),
				...CRITERIA.map((c) => col(c.measure, criterionNamed(c.measure, lang))),
				col('children_measured', m.wb_col_children_measured({}, o)),
				col('children_linked', m.wb_col_children_linked({}, o)),
				col('children_stunted_unlisted', m.wb_col_children_unlisted({}, o))
			];
		case 'convergence':
			return [
				...place,
				col('families', m.wb_col_families({}, o)),
				...INTERVENTIONS.map((k) => col(k, INTERVENTION_LABEL[k]({}, o))),
				col('all', m.wb_col_all({}, o)),
				col('all_pct', m.wb_col_all_pct({}, o), 'number', 1)
			];
	}
}

function sideTitle(r: SideResult, wb: Workbench, lang: Locale): string {
	const o = opt(lang);
	const programme = lang === 'en' ? wb.programme.name_en : wb.programme.name_id;
	const titles: Record<SideTable, string> = {
		funnel: `${m.wb_funnel_title({}, o)}: ${programme}`,
		dropouts: `${m.wb_dropouts({}, o)}: ${programme}`,
		overlap: m.wb_overlap_title({ period: r.period }, o),
		register_combos: m.wb_registers_title({ period: r.period }, o),
		registers: m.wb_registers_title({ period: r.period }, o),
		convergence: m.wb_conv_title({ period: r.period }, o)
	};
	return `${titles[r.table]}, ${wb.region.name}`;
}

/** Stage and reason codes become words in the file; codes stay in the JSON. */
function sideRowLabels(r: SideResult, lang: Locale): Record<string, unknown>[] {
	if (r.table === 'funnel') return r.rows.map((x) => ({ ...x, stage: FUNNEL_STAGE_LABEL[x.stage as keyof typeof FUNNEL_STAGE_LABEL]({}, opt(lang)) }));
	if (r.table === 'dropouts') return r.rows.map((x) => ({ ...x, ...dropoutWords(x as { stopped_at: string; reason: string }, lang) }));
	return r.rows;
}

export function sideExport(r: SideResult, wb: Workbench, p: SideParams, lang: Locale): ExportTable {
	const notes: Partial<Record<SideTable, string>> = {
		funnel: m.wb_funnel_method({}, opt(lang)),
		dropouts: m.wb_funnel_method({}, opt(lang)),
		registers: m.wb_registers_note({}, opt(lang)),
		register_combos: m.wb_registers_note({}, opt(lang)),
		convergence: m.wb_conv_note({}, opt(lang))
	};
	return {
		title: sideTitle(r, wb, lang),
		filters: filterPairs({ region: r.region, program: r.programme, ...p }),
		source: r.figure.source[lang],
		method: notes[r.table] ?? r.figure.method[lang],
		snapshot: r.snapshot,
		columns: sideColumns(r.table, lang),
		rows: sideRowLabels(r, lang)
	};
}
