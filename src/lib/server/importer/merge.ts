import type { DuckDBConnection } from '@duckdb/node-api';
import { parseRule } from '../eligibility/rule';
import { REGISTERS, type Kind, type Register } from './kinds';
import { inArea } from './scope';
import type { ExtraCheck } from './validate';

/**
 * Per kind: the checks that need the snapshot (run on `typed`/`clean` before anything is merged)
 * and the merge of `clean` into the build database. A corrected file replaces what the earlier
 * file of the same source put in the same villages and periods (or keys); keys it no longer lists
 * there are removed, and nothing outside them changes unless a replace scope names a wider area.
 */
export interface MergeContext {
	conn: DuckDBConnection;
	register?: Register;
	/** Accept an official figure that replaces a real one from another source. */
	replace: boolean;
	/** The household file carries address columns: `clean_addresses` holds them for the restricted table. */
	addresses?: unknown;
}

export function snapshotChecks(kind: Kind, ctx: MergeContext): ExtraCheck[] {
	switch (kind) {
		case 'households': {
			const others = REGISTERS.filter((r) => r !== ctx.register).map((r) => `h.in_${r}`).join(' OR ');
			return [
				{
					column: 'kk',
					code: 'HOUSEHOLD_OTHER_VILLAGE',
					when: `__row IN (SELECT c.__row FROM clean c JOIN households h ON h.household_id = c.kk AND h.period = c.period AND h.village_code <> c.village_code WHERE ${others})`
				}
			];
		}
		case 'distributions':
			return [{ column: 'programme_code', code: 'UNKNOWN_PROGRAMME', when: 'programme_code_p NOT IN (SELECT code FROM programmes)' }];
		case 'child_growth':
			return [{ column: 'stunted', code: 'STUNTED_GT_MEASURED', when: 'stunted_p > measured_p OR wasted_p > measured_p OR underweight_p > measured_p' }];
		case 'official_indicators': {
			// The problem names what is stored, so the user sees what a --replace would overwrite.
			const stored = `SELECT t.__row, 'tersimpan / stored: ' || o.value || ' (' || o.source || ')' AS value
				FROM typed t JOIN official_indicators o ON o.region_code = t.region_code_p AND o.indicator = t.indicator_p AND o.period = t.period_p WHERE NOT o.synthetic AND o.source <> t.source_p`;
			return ctx.replace ? [] : [{ column: 'source', code: 'DUPLICATE_IN_SNAPSHOT', when: `__row IN (SELECT __row FROM (${stored}))`, value: stored }];
		}
		case 'targets': {
			const stored = `SELECT t.__row, 'tersimpan / stored: ' || x.value_min || '–' || x.value_max || ', ' || strftime(x.deadline, '%Y-%m-%d') || ' (' || x.basis || ')' AS value
				FROM typed t JOIN targets x ON x.region_code = t.region_code_p AND x.indicator = t.indicator_p AND x.adopted = t.adopted_p
				WHERE x.value_min <> t.value_min_p OR x.value_max <> t.value_max_p OR x.deadline <> t.deadline_p OR x.basis <> t.basis_p`;
			return [
				{ column: 'value_min', code: 'MIN_GT_MAX', when: 'value_min_p > value_max_p' },
				{ column: 'value_min', code: 'DUPLICATE_IN_SNAPSHOT', when: `__row IN (SELECT __row FROM (${stored}))`, value: stored }
			];
		}
		case 'verifications':
			return VERVAL_CHECKS;
		default:
			return [];
	}
}

/** The household a form's ref names: a household of the row's village and period whose id starts with it. */
const REF_MATCHES = `(SELECT count(*) FROM households h WHERE h.period = t.period_p AND h.village_code = t.village_code_p AND starts_with(h.household_id, t.ref_p))`;
/** Whether the officer filled in anything of the visit: a row with every result cell empty was not visited and is skipped. */
const VISITED = `(found_p IS NOT NULL OR eligible_p IS NOT NULL OR reason_p IS NOT NULL OR note_p IS NOT NULL OR officer_p IS NOT NULL OR verified_date_p IS NOT NULL)`;

/**
 * A filled verification form: each visited row complete and consistent, its household one of the row's
 * village in the snapshot (so only households of the form's region), its programme imported and of the
 * row's period, its date past and not before the period.
 */
const VERVAL_CHECKS: ExtraCheck[] = [
	{ column: 'programme_code', code: 'UNKNOWN_PROGRAMME', when: 'programme_code_p NOT IN (SELECT code FROM programmes)' },
	{ column: 'period', code: 'PROGRAMME_PERIOD', when: '__row IN (SELECT t.__row FROM typed t JOIN programmes p ON p.code = t.programme_code_p WHERE p.period <> t.period_p)' },
	{ column: 'ref', code: 'UNKNOWN_HOUSEHOLD', when: `__row IN (SELECT t.__row FROM typed t WHERE t.ref_p IS NOT NULL AND ${REF_MATCHES} = 0)` },
	{ column: 'ref', code: 'AMBIGUOUS_REF', when: `__row IN (SELECT t.__row FROM typed t WHERE t.ref_p IS NOT NULL AND ${REF_MATCHES} > 1)` },
	{ column: 'found', code: 'VERVAL_INCOMPLETE', when: `${VISITED} AND (found_p IS NULL OR officer_p IS NULL OR verified_date_p IS NULL OR (found_p AND eligible_p IS NULL))` },
	{ column: 'eligible', code: 'VERVAL_CONFLICT', when: 'NOT found_p AND eligible_p' },
	{ column: 'reason', code: 'REASON_REQUIRED', when: '(NOT found_p OR NOT eligible_p) AND reason_p IS NULL' },
	{ column: 'note', code: 'NOTE_REQUIRED', when: `reason_p = 'other' AND note_p IS NULL` },
	{ column: 'verified_date', code: 'DATE_IN_FUTURE', when: 'verified_date_p > current_date' },
	{ column: 'verified_date', code: 'PERIOD_MISMATCH', when: 'verified_date_p < make_date(period_p::INTEGER, 1, 1)' }
];

/** Eligibility rules are JSON parsed by the rule module; the few programme rows are checked in JS. */
export async function ruleErrors(conn: DuckDBConnection): Promise<number[]> {
	const rows = (await conn.runAndReadAll('SELECT __row::INTEGER, eligibility_rule_p FROM typed WHERE e_eligibility_rule IS NULL')).getRows();
	return rows
		.filter(([, rule]) => {
			try {
				parseRule(String(rule));
				return false;
			} catch {
				return true;
			}
		})
		.map(([row]) => Number(row));
}

const HH_ATTRS = ['village_code', 'decile', 'extreme_poor', 'members', 'under_five', 'pregnant', 'elderly', 'disabled', 'housing_unfit', 'head_informal_work', 'low_consumption', 'no_safe_water', 'no_sanitation', 'no_health_access'];

/**
 * A register file replaces the register's entries only in the villages × periods it holds (and in
 * the replace scope, when one is named): a household of another village keeps its flag, and a
 * household row goes only when this register alone held it in a replaced cell (rows no register
 * holds, such as the demo's population outside the registers, stay wherever they are).
 */
async function mergeHouseholds(ctx: MergeContext): Promise<void> {
	const { conn } = ctx;
	const register = ctx.register as Register;
	await conn.run('CREATE OR REPLACE TEMP TABLE scope_periods AS SELECT DISTINCT period::SMALLINT AS period FROM clean');
	await conn.run('CREATE OR REPLACE TEMP TABLE replace_cells AS SELECT DISTINCT village_code, period::SMALLINT AS period FROM clean');
	await conn.run(`CREATE OR REPLACE TEMP TABLE hh_scope AS
		SELECT h.*, (c.village_code IS NOT NULL OR ${inArea('h.village_code', 'replace_area')}) AS replaced
		FROM households h LEFT JOIN replace_cells c ON c.village_code = h.village_code AND c.period = h.period
		WHERE h.period IN (SELECT period FROM scope_periods)`);
	await conn.run('DELETE FROM households WHERE period IN (SELECT period FROM scope_periods)');
	const others = REGISTERS.filter((r) => r !== register);
	const kept = `(h.in_${register} AND NOT h.replaced)`;
	const flags = REGISTERS.map((r) => (r === register ? `i.household_id IS NOT NULL OR coalesce(${kept}, false) AS in_${r}` : `coalesce(h.in_${r}, false) AS in_${r}`)).join(', ');
	const attrs = HH_ATTRS.map((a) => `CASE WHEN i.household_id IS NULL THEN h.${a} ELSE i.${a} END AS ${a}`).join(', ');
	await conn.run(`INSERT INTO households BY NAME
		SELECT coalesce(i.household_id, h.household_id) AS household_id, coalesce(i.period, h.period) AS period, ${attrs}, ${flags}
		FROM hh_scope h FULL OUTER JOIN (SELECT kk AS household_id, period::SMALLINT AS period, * EXCLUDE (kk, period) FROM clean) i
			ON i.household_id = h.household_id AND i.period = h.period
		WHERE i.household_id IS NOT NULL OR NOT (h.replaced AND h.in_${register} AND NOT (${others.map((r) => `h.in_${r}`).join(' OR ')}))`);
	// Names and addresses of the register's replaced cells go (skipped when the register has none in the file's periods).
	const held = async (table: 'household_names' | 'household_addresses') =>
		Number((await conn.runAndReadAll(`SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE register = $1 AND period IN (SELECT period FROM scope_periods) LIMIT 1)`, [register])).getRows()[0]?.[0]) > 0;
	if (await held('household_names')) {
		await conn.run(
			`DELETE FROM household_names n USING (SELECT household_id, period FROM hh_scope WHERE replaced UNION SELECT kk, period::SMALLINT FROM clean) x
			WHERE n.register = $1 AND n.household_id = x.household_id AND n.period = x.period`,
			[register]
		);
	}
	await conn.run(`INSERT INTO household_names SELECT kk, period, $1, head_nik, head_name FROM clean WHERE head_nik IS NOT NULL OR head_name IS NOT NULL`, [register]);
	if (await held('household_addresses')) {
		await conn.run(
			`DELETE FROM household_addresses a USING (SELECT household_id, period FROM hh_scope WHERE replaced UNION SELECT kk, period::SMALLINT FROM clean) x
			WHERE a.register = $1 AND a.household_id = x.household_id AND a.period = x.period`,
			[register]
		);
	}
	if (ctx.addresses) {
		await conn.run(
			`INSERT INTO household_addresses SELECT c.kk, c.period, $1, a.address, a.dusun, a.rt, a.rw FROM clean c JOIN clean_addresses a USING (__row)
			WHERE coalesce(a.address, a.dusun, a.rt, a.rw) IS NOT NULL`,
			[register]
		);
	}
}

/**
 * What a file of each kind replaces. `key` identifies a row; `cell` is the unit a file replaces as a
 * whole (a distribution file replaces the programme's list per period and village); `region` is the
 * cell's region column, over which a named replace scope widens the replacement.
 */
interface Replacement {
	key: string[];
	cell: string[];
	region: string | null;
	select: string;
}

const REPLACEMENTS: Record<Exclude<Kind, 'households' | 'children'>, Replacement> = {
	distributions: {
		key: ['programme_code', 'period', 'round', 'household_id'],
		cell: ['programme_code', 'period', 'village_code'],
		region: 'village_code',
		select: 'SELECT * EXCLUDE (kk), kk AS household_id FROM clean'
	},
	programmes: { key: ['code'], cell: ['code'], region: null, select: 'SELECT * FROM clean' },
	child_growth: { key: ['village_code', 'period', 'round_month'], cell: ['village_code', 'period', 'round_month'], region: 'village_code', select: 'SELECT * FROM clean' },
	official_indicators: { key: ['region_code', 'indicator', 'period'], cell: ['region_code', 'indicator', 'period'], region: 'region_code', select: 'SELECT * EXCLUDE (method_since), false AS synthetic FROM clean' },
	targets: { key: ['region_code', 'indicator', 'adopted'], cell: ['region_code', 'indicator', 'adopted'], region: 'region_code', select: 'SELECT * FROM clean' },
	region_crosswalk: { key: ['from_code', 'valid_from'], cell: ['from_code', 'valid_from'], region: null, select: 'SELECT * FROM clean' },
	// A corrected form replaces the same households' results; rows not visited are left out.
	verifications: {
		key: ['programme_code', 'period', 'household_id'],
		cell: ['programme_code', 'period', 'household_id'],
		region: null,
		select: `SELECT c.__row, c.programme_code, c.period::SMALLINT AS period, h.household_id, c.village_code, c.found, c.eligible,
				CASE WHEN c.found AND c.eligible THEN NULL ELSE c.reason END AS reason, c.note, c.officer, c.verified_date
			FROM clean c JOIN households h ON h.period = c.period AND h.village_code = c.village_code AND starts_with(h.household_id, c.ref)
			WHERE c.found IS NOT NULL`
	}
};

/**
 * e-PPGBM by child: a child's household is the hashed KK, else the register household whose head has
 * the parent's NIK in the same period (household_names).
 */
const CHILDREN: Replacement = {
	key: ['child_id', 'period', 'round_month'],
	cell: ['village_code', 'period', 'round_month'],
	region: 'village_code',
	select: `SELECT c.__row, c.child_nik AS child_id,
			coalesce(c.kk, (SELECT min(n.household_id) FROM household_names n WHERE n.head_id = c.parent_nik AND n.period = c.period)) AS household_id,
			c.village_code, c.period, c.round_month, c.measured_date, c.height_for_age, c.weight_for_height, c.weight_for_age
		FROM clean c`
};

/** Whether a named replace scope means anything for a kind (its rows carry a region in their cell). */
export const takesReplaceScope = (kind: Kind) => kind === 'households' || kind === 'children' || REPLACEMENTS[kind].region !== null;

/** Deletes the rows with the import's keys, its cells and (replace scope) its cells' other regions, then inserts the import. */
async function replaceCells(conn: DuckDBConnection, table: Exclude<Kind, 'households'>): Promise<void> {
	const { key, cell, region, select } = table === 'children' ? CHILDREN : REPLACEMENTS[table];
	const match = (cols: string[]) => cols.map((k) => `${table}.${k} = i.${k}`).join(' AND ');
	await conn.run(`CREATE OR REPLACE TEMP TABLE incoming AS ${select}`);
	await conn.run(`DELETE FROM ${table} USING (SELECT DISTINCT ${key.join(', ')} FROM incoming) i WHERE ${match(key)}`);
	if (cell.join() !== key.join()) await conn.run(`DELETE FROM ${table} USING (SELECT DISTINCT ${cell.join(', ')} FROM incoming) i WHERE ${match(cell)}`);
	if (region) {
		const rest = cell.filter((c) => c !== region);
		await conn.run(`DELETE FROM ${table} USING (SELECT DISTINCT ${rest.join(', ')} FROM incoming) i WHERE ${match(rest)} AND ${inArea(`${table}.${region}`, 'replace_area')}`);
	}
	await conn.run(`INSERT INTO ${table} BY NAME SELECT * EXCLUDE (__row) FROM incoming`);
}

const STUNTED = `height_for_age IN ('severely_stunted', 'stunted')`;
const WASTED = `weight_for_height IN ('severely_wasted', 'wasted')`;
const UNDERWEIGHT = `weight_for_age IN ('severely_underweight', 'underweight')`;

/** Children rows replace their cells; the village × round counts of every cell they touched are recomputed from them. */
async function mergeChildren(conn: DuckDBConnection): Promise<void> {
	await conn.run(`CREATE OR REPLACE TEMP TABLE child_cells AS
		SELECT DISTINCT village_code, period::SMALLINT AS period, round_month::TINYINT AS round_month FROM clean
		UNION SELECT DISTINCT village_code, period, round_month FROM children
		WHERE period IN (SELECT period FROM clean) AND ${inArea('village_code', 'replace_area')}`);
	await replaceCells(conn, 'children');
	await conn.run('DELETE FROM child_growth g USING child_cells x WHERE g.village_code = x.village_code AND g.period = x.period AND g.round_month = x.round_month');
	await conn.run(`INSERT INTO child_growth
		SELECT village_code, period, round_month, count(*), count(*) FILTER (${STUNTED}), count(*) FILTER (${WASTED}), count(*) FILTER (${UNDERWEIGHT})
		FROM children SEMI JOIN child_cells x USING (village_code, period, round_month) GROUP BY ALL`);
}

export async function merge(kind: Kind, ctx: MergeContext): Promise<void> {
	if (kind === 'households') return mergeHouseholds(ctx);
	if (kind === 'children') return mergeChildren(ctx.conn);
	return replaceCells(ctx.conn, kind);
}

export interface LinkRate {
	register: string;
	period: number;
	households: number;
	matched: number;
	rate: number;
}

/** How many of the imported households (or recipients) the other registers hold, per period. */
export async function linkRates(kind: Kind, ctx: MergeContext): Promise<LinkRate[]> {
	const { conn } = ctx;
	let sql: string;
	if (kind === 'households') {
		// One join for every other register, unpivoted into one row per register and period.
		const others = REGISTERS.filter((r) => r !== ctx.register);
		sql = `WITH j AS (SELECT c.period::INTEGER AS period, count(*)::INTEGER AS households, ${others.map((r) => `count(*) FILTER (h.in_${r})::INTEGER AS ${r}`).join(', ')}
				FROM clean c LEFT JOIN households h ON h.household_id = c.kk AND h.period = c.period GROUP BY ALL)
			SELECT register, period, households, matched FROM (UNPIVOT j ON ${others.join(', ')} INTO NAME register VALUE matched)`;
	} else if (kind === 'children') {
		sql = `SELECT 'households' AS register, i.period::INTEGER AS period, count(DISTINCT i.child_id)::INTEGER AS households,
				count(DISTINCT i.child_id) FILTER (h.household_id IS NOT NULL)::INTEGER AS matched
			FROM incoming i LEFT JOIN households h ON h.household_id = i.household_id AND h.period = i.period GROUP BY ALL`;
	} else if (kind === 'distributions') {
		sql = `SELECT 'households' AS register, c.period::INTEGER AS period, count(DISTINCT c.kk)::INTEGER AS households, count(DISTINCT h.household_id)::INTEGER AS matched
			FROM clean c LEFT JOIN households h ON h.household_id = c.kk AND h.period = c.period GROUP BY ALL`;
	} else return [];
	const rows = (await conn.runAndReadAll(`${sql} ORDER BY 2, 1`)).getRowObjectsJS() as unknown as Omit<LinkRate, 'rate'>[];
	return rows.map((r) => ({ ...r, rate: r.households ? r.matched / r.households : 0 }));
}
