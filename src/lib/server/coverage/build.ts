import type { DuckDBConnection } from '@duckdb/node-api';
import { INTERVENTIONS } from '../../interventions';
import { parseRule, ruleToSql } from '../eligibility/rule';

/**
 * Pre-aggregation step of the snapshot build for the planner workbench: per programme, period and
 * village the rule-eligible, reached and funnel counts, drop-out reasons, programme overlaps and
 * register combinations, each rolled up to district, regency, province and country. Pages and the
 * API read these tables and never scan household rows.
 */

export const REACHED_STATUSES = ['delivered', 'receipt_signed'] as const;
export const REACHED = `status IN ('delivered', 'receipt_signed')`;
/** How far a household got: `distributions.status` holds the furthest stage of each round. */
export const STAGE_RANK = `CASE status WHEN 'proposed' THEN 1 WHEN 'verified' THEN 2 WHEN 'eligible' THEN 3 WHEN 'delivered' THEN 4 WHEN 'receipt_signed' THEN 5 END`;

/** Each level with the length of its code prefix; a village row `v` joined with it (`l`) gives its code at that level. */
export const LEVELS = `SELECT * FROM (VALUES ('village', 13), ('district', 8), ('regency', 5), ('province', 2), ('country', 0)) t(level, len)`;
export const ROLLED_CODE = `CASE WHEN l.len = 0 THEN 'ID' ELSE substr(v.village_code, 1, l.len) END`;

/** Rolls a per-village relation up every level; `keys` are grouped on, `sums` summed. */
function rollUp(table: (typeof WORKBENCH_TABLES)[number], source: (typeof STAGING_TABLES)[number], keys: readonly string[], sums: string[]): string {
	const k = keys.map((c) => `v.${c}`).join(', ');
	return `
	CREATE TABLE ${table} AS
	SELECT ${k}, ${ROLLED_CODE} AS region_code, l.level, any_value(r.parent_code) AS parent_code,
		${sums.map((s) => `sum(v.${s})::BIGINT AS ${s}`).join(', ')}
	FROM ${source} v CROSS JOIN (${LEVELS}) l
	LEFT JOIN regions r ON r.code = ${ROLLED_CODE}
	GROUP BY ALL`;
}

const COVERAGE_VILLAGE = `
	CREATE TEMP TABLE IF NOT EXISTS cov_village (
		programme_code VARCHAR, period SMALLINT, village_code VARCHAR, eligible BIGINT, reached BIGINT,
		reached_eligible BIGINT, amount_rp BIGINT, listed BIGINT, verified BIGINT, passed BIGINT, delivered BIGINT, signed BIGINT,
		verval_checked BIGINT, verval_eligible BIGINT, verval_rejected BIGINT)`;

/**
 * How far a field verification (`verifications`) took a household: not found stops it at the list (1), found
 * but not eligible at verification (2), found and eligible passes it (3). The verification is the latest word
 * on a household that was not delivered to: its stage replaces the distribution list's, and a household found
 * not eligible, or not found, leaves the programme's eligible count.
 */
const VERIFIED_STAGE = `CASE WHEN NOT found THEN 1 WHEN eligible THEN 3 ELSE 2 END`;
const FURTHEST = (d: string, v: string) => `CASE WHEN ${d} >= 4 THEN ${d} ELSE coalesce(${v}, ${d}) END`;

/**
 * One programme's village figures. The rule SQL comes from `ruleToSql` (allow-listed identifiers);
 * programme code, period and region are bound values.
 *
 * Funnel stages come from the data: a list that starts at stage s (the lowest furthest stage of any of
 * its households, field verifications included) follows every household from s on, so each stage from s
 * is an exact count; a stage before s is not recorded and stays NULL. Delivered and receipt signed are
 * always recorded: every delivery is on a delivery list, with or without its receipt.
 */
const coverageInsert = (rule: string) => `
	INSERT INTO cov_village
	WITH h AS (
		SELECT h.household_id, h.village_code, ${rule} AS eligible
		FROM households h WHERE h.period = $2 AND ($3 = 'ID' OR starts_with(h.village_code, $3 || '.') OR h.village_code = $3)
	), d AS (
		SELECT household_id, any_value(village_code) AS village_code, max(${STAGE_RANK}) AS stage,
			coalesce(sum(amount_rp) FILTER (${REACHED}), 0) AS amount_rp
		FROM distributions WHERE programme_code = $1 GROUP BY household_id
	), v AS (
		SELECT household_id, any_value(village_code) AS village_code, max(${VERIFIED_STAGE}) AS stage
		FROM verifications WHERE programme_code = $1 AND period = $2 GROUP BY household_id
	), x AS (
		SELECT coalesce(h.village_code, d.village_code, v.village_code) AS village_code,
			coalesce(h.eligible, false) AND coalesce(v.stage, 3) = 3 AS eligible,
			${FURTHEST('d.stage', 'v.stage')} AS stage, d.amount_rp, v.stage AS checked
		FROM h FULL JOIN d USING (household_id) FULL JOIN v USING (household_id)
	), first AS (SELECT coalesce(min(stage), 1) AS stage FROM x)
	SELECT $1, $2, x.village_code,
		count(*) FILTER (x.eligible), count(*) FILTER (x.stage >= 4), count(*) FILTER (x.eligible AND x.stage >= 4),
		coalesce(sum(x.amount_rp), 0),
		CASE WHEN any_value(first.stage) <= 1 THEN count(x.stage) END,
		CASE WHEN any_value(first.stage) <= 2 THEN count(*) FILTER (x.stage >= 2) END,
		CASE WHEN any_value(first.stage) <= 3 THEN count(*) FILTER (x.stage >= 3) END,
		count(*) FILTER (x.stage >= 4), count(*) FILTER (x.stage >= 5),
		count(x.checked), count(*) FILTER (x.checked = 3), count(*) FILTER (x.checked < 3)
	FROM x CROSS JOIN first
	GROUP BY 3`;

/**
 * Households that stopped before delivery, by the stage they stopped at and why. A field verification's
 * outcome replaces the list's for a household not delivered to; one found eligible waits for delivery.
 */
const DROPOUTS = `
	CREATE TEMP TABLE drop_village AS
	WITH d AS (
		SELECT programme_code, period, household_id, any_value(village_code) AS village_code,
			max(${STAGE_RANK}) AS stage, any_value(drop_reason) FILTER (drop_reason IS NOT NULL) AS reason
		FROM distributions GROUP BY programme_code, period, household_id
	), v AS (
		SELECT programme_code, period, household_id, village_code, ${VERIFIED_STAGE} AS stage,
			CASE WHEN found AND eligible THEN 'awaiting_delivery' ELSE reason END AS reason
		FROM verifications
	), x AS (
		SELECT programme_code, period, coalesce(d.village_code, v.village_code) AS village_code, ${FURTHEST('d.stage', 'v.stage')} AS stage,
			CASE WHEN v.stage IS NOT NULL AND coalesce(d.stage, 0) < 4 THEN v.reason ELSE d.reason END AS reason
		FROM d FULL JOIN v USING (programme_code, period, household_id)
	)
	SELECT programme_code, period, village_code,
		CASE stage WHEN 1 THEN 'proposed' WHEN 2 THEN 'verified' ELSE 'eligible' END AS stopped_at,
		coalesce(reason, 'unknown') AS reason, count(*) AS households
	FROM x WHERE stage < 4 GROUP BY ALL`;

const REACHED_SET = `
	CREATE TEMP TABLE reached_set AS
	SELECT DISTINCT programme_code, period, household_id, village_code FROM distributions WHERE ${REACHED}`;

const OVERLAP_VILLAGE = `
	CREATE TEMP TABLE overlap_village AS
	SELECT a.period, a.village_code, a.programme_code AS programme_a, b.programme_code AS programme_b, count(*) AS households
	FROM reached_set a JOIN reached_set b USING (period, household_id)
	WHERE a.programme_code <= b.programme_code
	GROUP BY ALL`;

const REGISTER_VILLAGE = `
	CREATE TEMP TABLE register_village AS
	SELECT period, village_code, in_dtks, in_p3ke, in_dtsen, in_krs, count(*) AS households
	FROM households WHERE in_dtks OR in_p3ke OR in_dtsen OR in_krs
	GROUP BY ALL`;


/**
 * Per KRS family and period, which interventions reached it through any programme mapped to them in
 * `programme_interventions`; column names come from the constant list above.
 */
const CONVERGENCE_VILLAGE = `
	CREATE TEMP TABLE convergence_village AS
	WITH got AS (
		SELECT DISTINCT d.period, d.household_id, i.intervention
		FROM distributions d JOIN programme_interventions i USING (programme_code) WHERE d.${REACHED}
	), fam AS (
		SELECT h.period, h.village_code,
			${INTERVENTIONS.map((k) => `coalesce(bool_or(g.intervention = '${k}'), false) AS ${k}`).join(', ')}
		FROM households h LEFT JOIN got g USING (period, household_id)
		WHERE h.in_krs GROUP BY h.period, h.village_code, h.household_id
	)
	SELECT *, count(*) AS families FROM fam GROUP BY ALL`;

export const WORKBENCH_TABLES = ['programme_coverage', 'programme_dropouts', 'programme_overlap', 'register_combos', 'krs_convergence'] as const;
const STAGING_TABLES = ['cov_village', 'drop_village', 'reached_set', 'overlap_village', 'register_village', 'convergence_village'] as const;

/** Only names from the two constant allow-lists above are ever interpolated into DROP TABLE. */
const dropTable = (name: (typeof WORKBENCH_TABLES)[number] | (typeof STAGING_TABLES)[number]) => `DROP TABLE IF EXISTS ${name}`;

/** Builds the workbench aggregate tables in a build database that holds the base tables. */
export async function buildCoverageTables(conn: DuckDBConnection): Promise<void> {
	for (const t of [...WORKBENCH_TABLES, ...STAGING_TABLES]) await conn.run(dropTable(t));
	await conn.run(COVERAGE_VILLAGE);
	const programmes = await conn.runAndReadAll('SELECT code, period::INTEGER, region_code, eligibility_rule FROM programmes ORDER BY code');
	for (const [code, period, region, rule] of programmes.getRows()) {
		await conn.run(coverageInsert(ruleToSql(parseRule(String(rule)))), [String(code), Number(period), String(region)]);
	}
	await conn.run(
		rollUp('programme_coverage', 'cov_village', ['programme_code', 'period'], [
			'eligible',
			'reached',
			'reached_eligible',
			'amount_rp',
			'listed',
			'verified',
			'passed',
			'delivered',
			'signed',
			'verval_checked',
			'verval_eligible',
			'verval_rejected'
		])
	);
	await conn.run(DROPOUTS);
	await conn.run(rollUp('programme_dropouts', 'drop_village', ['programme_code', 'period', 'stopped_at', 'reason'], ['households']));
	await conn.run(REACHED_SET);
	await conn.run(OVERLAP_VILLAGE);
	await conn.run(rollUp('programme_overlap', 'overlap_village', ['period', 'programme_a', 'programme_b'], ['households']));
	await conn.run(REGISTER_VILLAGE);
	await conn.run(
		rollUp('register_combos', 'register_village', ['period', 'in_dtks', 'in_p3ke', 'in_dtsen', 'in_krs'], ['households'])
	);
	await conn.run(CONVERGENCE_VILLAGE);
	await conn.run(rollUp('krs_convergence', 'convergence_village', ['period', ...INTERVENTIONS], ['families']));
	for (const t of STAGING_TABLES) await conn.run(dropTable(t));
}
