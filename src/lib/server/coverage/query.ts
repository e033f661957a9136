import type { Level } from '../../indicators';
import { CHILD_LINK_MEASURES, CRITERIA, type CriterionMeasure } from '../../criteria';
import type { SnapshotDatabase } from '../db';
import { isValid, type Columns, type NumericColumn } from '../db/columns';
import { digitsOf, hasSpans, levelOfCode, readsSpans, spanQuery, spanRegion } from '../db/spans';
import { frameSlice, indexOfDigits, type FrameSlice } from '../indicators/frame';
import { codeFromDigits } from '../../region-code';
import { parseRule, type Rule } from '../eligibility/rule';
import { INTERVENTIONS, type Intervention } from '../../interventions';
import { withRates, type CoverageRow } from './metrics';

export interface Programme {
	code: string;
	name_id: string;
	name_en: string;
	agency: string;
	kind: string;
	unit_value_rp: number;
	channel: string;
	funder: string;
	period: number;
	basis: string | null;
	rule: Rule;
}

type Raw = Record<string, unknown>;

const PROGRAMME_COLUMNS = `
	SELECT p.code, p.name_id, p.name_en, p.agency, p.kind, p.unit_value_rp::DOUBLE AS unit_value_rp, p.channel, p.funder,
		p.period::INTEGER AS period, p.basis, p.eligibility_rule
	FROM programmes p`;
const HAS_DATA = 'c.eligible + coalesce(c.listed, c.verified, c.passed, c.delivered) > 0';
const PROGRAMME_ORDER = 'ORDER BY p.period DESC, p.code';

const PROGRAMMES = `${PROGRAMME_COLUMNS}
	WHERE EXISTS (SELECT 1 FROM programme_coverage c WHERE c.programme_code = p.code AND c.region_code = $1 AND ${HAS_DATA})
	${PROGRAMME_ORDER}`;

/** Programmes that have eligible households, or households on their lists, in the region. */
export async function listProgrammes(db: SnapshotDatabase, regionCode: string): Promise<Programme[]> {
	if (levelOfCode(regionCode) !== 'village' && listsKept(db)) {
		const [all, withData] = await Promise.all([allProgrammes(db), programmesByRegion(db)]);
		const here = withData.get(regionCode);
		return here ? all.filter((p) => here.has(p.code)) : [];
	}
	return (await db.query<Raw>(PROGRAMMES, [regionCode])).map(programmeOf);
}

const listsKept = (db: SnapshotDatabase) => hasSpans(db, 'programme_coverage') && db.tables.has('programmes');

const programmeOf = ({ eligibility_rule, ...p }: Raw): Programme => ({ ...(p as Omit<Programme, 'rule'>), rule: parseRule(String(eligibility_rule)) });

const ALL_PROGRAMMES = `${PROGRAMME_COLUMNS} ${PROGRAMME_ORDER}`;

const REGIONS_WITH_DATA = `
	SELECT region_code, list(programme_code) AS programmes FROM programme_coverage c
	WHERE level <> 'village' AND ${HAS_DATA} GROUP BY region_code`;

/** Every programme, read once per snapshot (frozen: callers share them). */
const allProgrammes = (db: SnapshotDatabase) =>
	db.derived('programmes', async () => (await db.query<Raw>(ALL_PROGRAMMES)).map((p) => Object.freeze(programmeOf(p))));

/** The programmes with data in each region above the villages (about 8,400 regions nationally), read once per snapshot. */
const programmesByRegion = (db: SnapshotDatabase) =>
	db.derived('programmes-by-region', async () => {
		const rows = await db.query<{ region_code: string; programmes: string[] }>(REGIONS_WITH_DATA);
		return new Map(rows.map((r) => [r.region_code, new Set(r.programmes)]));
	});

/** What a server builds before its first answer: the programme lists and the spans (spans.ts). */
export async function prepareCoverage(db: SnapshotDatabase): Promise<void> {
	if (listsKept(db)) await Promise.all([allProgrammes(db), programmesByRegion(db), retiredCodes(db)]);
}

const COUNTS = `
	c.eligible::DOUBLE AS eligible, c.reached::DOUBLE AS reached, c.reached_eligible::DOUBLE AS reached_eligible, c.amount_rp::DOUBLE AS amount_rp`;

// The joins repeat the region filter: a regency's rows then join a few hundred regions, not the whole table (half the time).
const COVERAGE = `
	SELECT c.region_code AS code, coalesce(r.name, c.region_code) AS name, c.parent_code AS district_code, pr.name AS district_name, ${COUNTS}
	FROM programme_coverage c
	LEFT JOIN regions r ON r.code = c.region_code AND r.valid_to IS NULL AND ($3 = 'ID' OR starts_with(r.code, $3 || '.'))
	LEFT JOIN regions pr ON pr.code = c.parent_code AND pr.valid_to IS NULL AND ($3 = 'ID' OR pr.code = $3 OR starts_with(pr.code, $3 || '.'))
	WHERE c.programme_code = $1 AND c.level = $2 AND ($3 = 'ID' OR starts_with(c.region_code, $3 || '.'))
	ORDER BY c.region_code`;

/** The SQL and bound values `coverageRows` runs (the bench times the same on DuckDB alone). */
export const coverageQuery = (programme: string, regionCode: string, level: Level) => ({ sql: COVERAGE, params: [programme, level, regionCode] });

/** Coverage rows at `level` under the region, with rates; read as columns (a national table has 83,762 rows). */
export async function coverageRows(db: SnapshotDatabase, programme: string, regionCode: string, level: Level): Promise<CoverageRow[]> {
	const spanned = readsSpans(db, 'programme_coverage', regionCode) ? await coverageRowsInSpan(db, programme, regionCode, level) : null;
	if (spanned) return spanned;
	const q = coverageQuery(programme, regionCode, level);
	const { length, columns } = await db.columns(q.sql, q.params);
	const text = (name: string) => columns[name]!.values as (string | null)[];
	const [code, name, districtCode, districtName] = ['code', 'name', 'district_code', 'district_name'].map(text) as [string[], string[], (string | null)[], (string | null)[]];
	return rowsOf(columns, length, (i) => ({ code: code[i]!, name: name[i]!, district_code: districtCode[i]!, district_name: districtName[i]! }));
}

type Place = Pick<CoverageRow, 'code' | 'name' | 'district_code' | 'district_name'>;

/** Coverage rows from the count columns of `columns`, each placed by `place` (null: not one of the rows). */
function rowsOf(columns: Columns['columns'], length: number, place: (i: number) => Place | null): CoverageRow[] {
	const [eligible, reached, reachedEligible, amount] = ['eligible', 'reached', 'reached_eligible', 'amount_rp'].map((k) => columns[k] as NumericColumn) as [NumericColumn, NumericColumn, NumericColumn, NumericColumn];
	const at = (c: NumericColumn, i: number) => (isValid(c, i) ? Number(c.values[i]) : null) as number;
	const rows: CoverageRow[] = [];
	for (let i = 0; i < length; i++) {
		const where = place(i);
		if (where) rows.push(withRates({ ...where, eligible: at(eligible, i), reached: at(reached, i), reached_eligible: at(reachedEligible, i), amount_rp: at(amount, i) }));
	}
	return rows;
}

const SPAN_COUNTS = COUNTS.replaceAll('c.', '');
const SPAN_COVERAGE = `${digitsOf('region_code')} AS code, ${digitsOf('parent_code')} AS parent, ${SPAN_COUNTS},
	(programme_code = $3 AND level = $4 AND starts_with(region_code, $5))::INTEGER AS mine`;

/** The read `coverageRows` makes of a regency's span for a regency or a district; null for other regions (the whole-table query). */
export async function coverageSpanQuery(db: SnapshotDatabase, programme: string, regionCode: string, level: Level) {
	if (!readsSpans(db, 'programme_coverage', regionCode)) return null;
	return spanQuery(db, 'programme_coverage', `${programme}|${level}|${spanRegion(regionCode)}`, SPAN_COVERAGE, [programme, level, `${regionCode}.`]);
}

const PARENT_LEVEL: Partial<Record<Level, Level>> = { village: 'district', district: 'regency' };

/**
 * The same rows for a regency or a district, read from the regency's span (spans.ts) instead of a scan
 * of the whole table, codes as digits; codes and names come from the level frames (frame.ts), a region
 * no longer current named by its code and a parent outside the region left unnamed, as the query's
 * joins give them. Null when a frame cannot be used (then the query runs).
 */
async function coverageRowsInSpan(db: SnapshotDatabase, programme: string, regionCode: string, level: Level): Promise<CoverageRow[] | null> {
	const parentLevel = PARENT_LEVEL[level];
	if (!parentLevel) return null;
	const [q, own, parents, retired] = await Promise.all([coverageSpanQuery(db, programme, regionCode, level), frameSlice(db, level, ''), frameSlice(db, parentLevel, ''), retiredCodes(db)]);
	if (!own?.digits || !parents?.digits) return null;
	if (!q) return [];
	const { length, columns } = await db.columns(q.sql, q.params);
	const [mine, codeDigits, parentDigits] = [columns.mine!.values as Int32Array, columns.code as NumericColumn, columns.parent as NumericColumn];
	const under = `${regionCode}.`;
	const placed = (slice: FrameSlice, c: NumericColumn, i: number) => {
		if (!isValid(c, i)) return null;
		const digits = c.values[i] as number;
		const at = indexOfDigits(slice, digits);
		const code = at < 0 ? codeFromDigits(BigInt(digits)) : slice.codes[at]!;
		return { code, name: at < 0 || retired.has(code) ? null : slice.names[at]! };
	};
	const rows = rowsOf(columns, length, (i) => {
		if (mine[i] !== 1) return null;
		const region = placed(own, codeDigits, i)!;
		const parent = placed(parents, parentDigits, i);
		const inside = parent !== null && (parent.code === regionCode || parent.code.startsWith(under));
		return { code: region.code, name: region.name ?? region.code, district_code: parent?.code ?? null!, district_name: (inside ? parent.name : null)! };
	});
	return rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Codes of regions no longer current (valid_to set), read once per snapshot: the queries name them by their code. */
const retiredCodes = (db: SnapshotDatabase) =>
	db.derived('retired-codes', async () => new Set((await db.query<{ code: string }>('SELECT code FROM regions WHERE valid_to IS NOT NULL')).map((r) => r.code)));

const FUNNEL_COLUMNS = ['listed', 'verified', 'passed', 'delivered', 'signed', 'eligible', 'reached', 'reached_eligible', 'amount_rp', 'verval_checked', 'verval_eligible', 'verval_rejected'] as const;
const FUNNEL_SELECT = FUNNEL_COLUMNS.map((k) => `${k}::DOUBLE AS ${k}`).join(', ');
const FUNNEL = `SELECT ${FUNNEL_SELECT} FROM programme_coverage WHERE programme_code = $1 AND region_code = $2`;

export interface RegionTotals {
	/** Funnel stages before the first one the programme's list records are null (not recorded). */
	listed: number | null;
	verified: number | null;
	passed: number | null;
	delivered: number;
	signed: number;
	eligible: number;
	reached: number;
	reached_eligible: number;
	amount_rp: number;
	/** Field verification: households checked, found eligible, and found not eligible or not found. */
	verval_checked: number;
	verval_eligible: number;
	verval_rejected: number;
}

/** The region's own totals: coverage counts and the verification funnel. */
export async function regionTotals(db: SnapshotDatabase, programme: string, regionCode: string): Promise<RegionTotals | null> {
	if (!hasSpans(db, 'programme_coverage')) return (await db.query<RegionTotals & Raw>(FUNNEL, [programme, regionCode]))[0] ?? null;
	const q = await spanQuery(db, 'programme_coverage', `${programme}|${levelOfCode(regionCode)}|${spanRegion(regionCode)}`, `${FUNNEL_SELECT}, (programme_code = $3 AND region_code = $4)::INTEGER AS mine`, [programme, regionCode]);
	if (!q) return null;
	const cols = await db.columns(q.sql, q.params);
	const mine = cols.columns.mine!.values as Int32Array;
	for (let i = 0; i < cols.length; i++) {
		if (mine[i] !== 1) continue;
		const value = (k: (typeof FUNNEL_COLUMNS)[number]) => {
			const c = cols.columns[k] as NumericColumn;
			return isValid(c, i) ? Number(c.values[i]) : null;
		};
		return Object.fromEntries(FUNNEL_COLUMNS.map((k) => [k, value(k)])) as unknown as RegionTotals;
	}
	return null;
}

export interface Dropout {
	stopped_at: string;
	reason: string;
	households: number;
}

const DROPOUTS = `
	SELECT stopped_at, reason, households::DOUBLE AS households FROM programme_dropouts
	WHERE programme_code = $1 AND region_code = $2 ORDER BY households DESC, reason`;

export async function dropouts(db: SnapshotDatabase, programme: string, regionCode: string): Promise<Dropout[]> {
	return db.query<Dropout & Raw>(DROPOUTS, [programme, regionCode]);
}

export interface OverlapCell {
	programme_a: string;
	programme_b: string;
	households: number;
}

const OVERLAP = `
	SELECT programme_a, programme_b, households::DOUBLE AS households FROM programme_overlap
	WHERE period = $1 AND region_code = $2 ORDER BY programme_a, programme_b`;

/** Households reached by each pair of programmes in the period; a = b is the programme's own reach. */
export async function overlap(db: SnapshotDatabase, period: number, regionCode: string): Promise<OverlapCell[]> {
	return db.query<OverlapCell & Raw>(OVERLAP, [period, regionCode]);
}

export const REGISTERS = ['dtks', 'p3ke', 'dtsen', 'krs'] as const;
export type Register = (typeof REGISTERS)[number];

export interface RegisterCombo {
	registers: Register[];
	households: number;
}

const COMBOS = `
	SELECT in_dtks, in_p3ke, in_dtsen, in_krs, households::DOUBLE AS households FROM register_combos
	WHERE period = $1 AND region_code = $2 ORDER BY households DESC`;

/** Households per combination of registers (UpSet intersections, exclusive: "DTKS only" means in no other). */
export async function registerCombos(db: SnapshotDatabase, period: number, regionCode: string): Promise<RegisterCombo[]> {
	const rows = await db.query<Raw>(COMBOS, [period, regionCode]);
	return rows.map((r) => ({
		registers: REGISTERS.filter((k) => r[`in_${k}`] === true),
		households: Number(r.households)
	}));
}

export interface VillageRegisters {
	code: string;
	name: string;
	only: Record<Register, number>;
	several: number;
	total: number;
	/** Households meeting each Kepmensos 262/HUK/2022 criterion (any register). */
	criteria: Record<CriterionMeasure, number>;
	/** e-PPGBM children (August round): measured, linked to a register household, stunted with none. */
	children: Record<(typeof CHILD_LINK_MEASURES)[number], number>;
}

// Column names come from the constant lists in criteria.ts.
const VILLAGE_CRITERIA = `
	SELECT region_code AS code, ${[...CRITERIA.map((c) => c.measure), ...CHILD_LINK_MEASURES].map((m) => `${m}::DOUBLE AS ${m}`).join(', ')}
	FROM region_values WHERE period = $1 AND level = $2 AND ($3 = 'ID' OR starts_with(region_code, $3 || '.'))`;

const VILLAGE_COMBOS = `
	SELECT c.region_code AS code, coalesce(r.name, c.region_code) AS name, c.in_dtks, c.in_p3ke, c.in_dtsen, c.in_krs, c.households::DOUBLE AS households
	FROM register_combos c LEFT JOIN regions r ON r.code = c.region_code AND r.valid_to IS NULL
	WHERE c.period = $1 AND c.level = $2 AND ($3 = 'ID' OR starts_with(c.region_code, $3 || '.'))
	ORDER BY c.region_code`;

/** Per child region: households on exactly one register (by register) and on two or more. */
export async function registersByRegion(db: SnapshotDatabase, period: number, regionCode: string, level: Level): Promise<VillageRegisters[]> {
	const out = byRegion(
		await db.query<Raw>(VILLAGE_COMBOS, [period, level, regionCode]),
		(code, r): VillageRegisters => ({ code, name: String(r.name), only: { dtks: 0, p3ke: 0, dtsen: 0, krs: 0 }, several: 0, total: 0, criteria: zeros(CRITERIA.map((c) => c.measure)), children: zeros(CHILD_LINK_MEASURES) }),
		(v, r) => {
			const on = REGISTERS.filter((k) => r[`in_${k}`] === true);
			const n = Number(r.households);
			v.total += n;
			if (on.length === 1) v.only[on[0]!] += n;
			else v.several += n;
		}
	);
	for (const r of await db.query<Raw>(VILLAGE_CRITERIA, [period, level, regionCode])) {
		const v = out.get(String(r.code));
		if (!v) continue;
		for (const c of CRITERIA) v.criteria[c.measure] = Number(r[c.measure]);
		for (const k of CHILD_LINK_MEASURES) v.children[k] = Number(r[k]);
	}
	return [...out.values()];
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Rows of several lines per region folded into one per region, in order: `start` makes a region's row when it is first met, `add` adds each line to it. */
function byRegion<V>(rows: readonly Raw[], start: (code: string, r: Raw) => V, add: (v: V, r: Raw) => void): Map<string, V> {
	const out = new Map<string, V>();
	for (const r of rows) {
		const code = String(r.code);
		let v = out.get(code);
		if (v === undefined) out.set(code, (v = start(code, r)));
		add(v, r);
	}
	return out;
}

export interface ConvergenceRow {
	code: string;
	name: string;
	/** Families at risk of stunting (KRS) in the period. */
	families: number;
	/** Families that received each intervention. */
	got: Record<Intervention, number>;
	/** Families by how many of the intended interventions they received, index 0 … 5. */
	by_count: number[];
	/** Families that received every intervention, and their share of KRS families in percent. */
	all: number;
	all_pct: number | null;
}

const CONVERGENCE = `
	SELECT c.region_code AS code, coalesce(r.name, c.region_code) AS name, ${INTERVENTIONS.map((k) => `c.${k}`).join(', ')},
		c.families::DOUBLE AS families
	FROM krs_convergence c LEFT JOIN regions r ON r.code = c.region_code AND r.valid_to IS NULL
	WHERE c.period = $1 AND (c.region_code = $2 OR (c.level = $3 AND ($2 = 'ID' OR starts_with(c.region_code, $2 || '.'))))
	ORDER BY c.region_code`;

/**
 * Convergence for KRS families: the region itself (first) and its regions at `level`, each with the
 * families per intervention and by number received. Intervention columns come from the constant list.
 */
export async function convergence(db: SnapshotDatabase, period: number, regionCode: string, level: Level): Promise<ConvergenceRow[]> {
	const out = byRegion(
		await db.query<Raw>(CONVERGENCE, [period, regionCode, level]),
		(code, r): ConvergenceRow => ({ code, name: String(r.name), families: 0, got: zeros(INTERVENTIONS), by_count: INTERVENTIONS.map(() => 0).concat(0), all: 0, all_pct: null }),
		(v, r) => {
			const n = Number(r.families);
			const received = INTERVENTIONS.filter((k) => r[k] === true);
			v.families += n;
			for (const k of received) v.got[k] += n;
			v.by_count[received.length]! += n;
		}
	);
	const result = [...out.values()];
	for (const v of result) {
		v.all = v.by_count[INTERVENTIONS.length]!;
		v.all_pct = v.families > 0 ? (100 * v.all) / v.families : null;
	}
	const own = result.findIndex((v) => v.code === regionCode);
	if (own > 0) result.unshift(...result.splice(own, 1));
	return result;
}
