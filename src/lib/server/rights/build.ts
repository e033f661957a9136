import type { DuckDBConnection } from '@duckdb/node-api';
import { LEVELS, REACHED, ROLLED_CODE, STAGE_RANK } from '../coverage/build';
import { onListSql, parseRule } from '../eligibility/rule';

/**
 * Pre-aggregation step of the snapshot build for the four rights (Empat Tepat): per programme and
 * household, then per delivered round, the facts each right needs, counted per village and at once per
 * district, regency, province and country (the median delay is not additive, so every level is counted
 * from the rows rather than summed from villages). Pages read `programme_rights` only.
 *
 * `asOf` is the evaluation date, the snapshot date: a round is due once its window has closed by then
 * (or once it was delivered), and rounds still undelivered are counted only after the programme's last
 * window has closed (NULL while it runs).
 */

/**
 * Each programme's schedule: round r opens on `starts` + (r − 1) × `round_months` months and closes the
 * day before `starts` + r × `round_months`; `closed` is how many rounds have closed by the evaluation date.
 */
const SCHEDULE = `
	SELECT code AS programme_code, period, rounds::INTEGER AS rounds, round_months::INTEGER AS round_months,
		cash_per_round_rp + in_kind_per_round_rp AS per_round, make_date(period, start_month, 1) AS starts,
		least(rounds::INTEGER, greatest(0, date_diff('month', make_date(period, start_month, 1), $as_of::DATE) // round_months::INTEGER)) AS closed
	FROM programmes`;

const HOUSEHOLD_STAGING = `
	CREATE TEMP TABLE rights_household (
		programme_code VARCHAR, period SMALLINT, village_code VARCHAR, recipient BOOLEAN, off_list BOOLEAN,
		received BIGINT, entitled BIGINT, dropout BOOLEAN, no_reason BOOLEAN, undelivered BIGINT)`;

/**
 * One programme's households: how far each got, what it received against what it was due, whether it is
 * on the lists the programme draws from (`onList`, from allow-listed register columns), and its rounds
 * still undelivered. A household is due every round once it passed (stage eligible) without a drop-out
 * reason or received at least one round.
 */
const householdInsert = (onList: string) => `
	INSERT INTO rights_household
	WITH p AS (${SCHEDULE} WHERE code = $code),
	x AS (
		SELECT d.household_id, d.village_code, d.round, d.amount_rp, d.drop_reason, ${STAGE_RANK} AS stage
		FROM distributions d WHERE d.programme_code = $code
	), hh AS (
		SELECT x.household_id, any_value(x.village_code) AS village_code, max(x.stage) AS stage,
			coalesce(sum(x.amount_rp) FILTER (x.stage >= 4), 0) AS received,
			count(DISTINCT x.round) FILTER (x.stage >= 4 AND x.round <= p.rounds) AS rounds_got,
			count(DISTINCT x.round) FILTER (x.stage >= 4 AND x.round > p.closed AND x.round <= p.rounds) AS open_rounds_got,
			bool_or(x.drop_reason IS NOT NULL) AS has_reason
		FROM x CROSS JOIN p GROUP BY x.household_id
	)
	SELECT $code, p.period, hh.village_code, hh.stage >= 4, hh.stage >= 4 AND NOT coalesce(${onList}, false),
		hh.received, p.per_round * (p.closed + hh.open_rounds_got),
		hh.stage < 4, hh.stage < 4 AND NOT hh.has_reason,
		CASE WHEN p.closed = p.rounds THEN
			CASE WHEN hh.stage >= 4 OR (hh.stage = 3 AND NOT hh.has_reason) THEN p.rounds - hh.rounds_got ELSE 0 END
		END
	FROM hh CROSS JOIN p LEFT JOIN households h ON h.household_id = hh.household_id AND h.period = p.period`;

/** Every delivered round with its scheduled window. */
const ROUNDS = `
	CREATE TEMP TABLE rights_round AS
	WITH p AS (${SCHEDULE})
	SELECT d.programme_code, d.village_code, d.status = 'receipt_signed' AS signed, d.delivered_date,
		(p.starts + to_months((d.round::INTEGER - 1) * p.round_months))::DATE AS opens,
		(p.starts + to_months(d.round::INTEGER * p.round_months) - INTERVAL 1 DAY)::DATE AS closes
	FROM distributions d JOIN p USING (programme_code) WHERE d.${REACHED}`;

const RIGHTS = `
	CREATE TABLE programme_rights AS
	WITH hh AS (
		SELECT v.programme_code, v.period, ${ROLLED_CODE} AS region_code, l.level, any_value(r.parent_code) AS parent_code,
			count(*) FILTER (v.recipient) AS recipients,
			count(*) FILTER (v.off_list) AS off_list,
			count(*) FILTER (v.recipient AND v.received = v.entitled) AS paid_exact,
			count(*) FILTER (v.recipient AND v.received < v.entitled) AS paid_short,
			count(*) FILTER (v.recipient AND v.received > v.entitled) AS paid_over,
			coalesce(sum(v.entitled - v.received) FILTER (v.recipient AND v.received < v.entitled), 0) AS short_rp,
			coalesce(sum(v.received - v.entitled) FILTER (v.recipient AND v.received > v.entitled), 0) AS over_rp,
			count(*) FILTER (v.dropout) AS dropouts,
			count(*) FILTER (v.no_reason) AS dropouts_no_reason,
			sum(v.undelivered) AS rounds_undelivered
		FROM rights_household v CROSS JOIN (${LEVELS}) l
		LEFT JOIN regions r ON r.code = ${ROLLED_CODE}
		GROUP BY v.programme_code, v.period, 3, l.level
	), rr AS (
		SELECT v.programme_code, ${ROLLED_CODE} AS region_code, l.level,
			count(*) AS rounds_delivered,
			count(*) FILTER (v.delivered_date BETWEEN v.opens AND v.closes) AS rounds_on_time,
			count(*) FILTER (v.delivered_date > v.closes) AS rounds_late,
			count(*) FILTER (v.delivered_date < v.opens) AS rounds_early,
			(median(date_diff('day', v.closes, v.delivered_date)) FILTER (v.delivered_date > v.closes))::DOUBLE AS late_median_days,
			count(*) FILTER (v.signed) AS receipts_signed
		FROM rights_round v CROSS JOIN (${LEVELS}) l
		GROUP BY v.programme_code, 2, l.level
	)
	SELECT hh.programme_code, hh.period, hh.region_code, hh.level, hh.parent_code, $as_of::DATE AS evaluated,
		hh.recipients, hh.off_list, hh.paid_exact, hh.paid_short, hh.paid_over, hh.short_rp::BIGINT AS short_rp, hh.over_rp::BIGINT AS over_rp,
		coalesce(rr.rounds_delivered, 0) AS rounds_delivered, coalesce(rr.rounds_on_time, 0) AS rounds_on_time,
		coalesce(rr.rounds_late, 0) AS rounds_late, coalesce(rr.rounds_early, 0) AS rounds_early,
		coalesce(rr.receipts_signed, 0) AS receipts_signed, hh.dropouts, hh.dropouts_no_reason,
		rr.late_median_days, hh.rounds_undelivered::BIGINT AS rounds_undelivered
	FROM hh LEFT JOIN rr USING (programme_code, region_code, level)`;

const STAGING_TABLES = ['rights_household', 'rights_round'] as const;
/** Only names from this constant list are ever interpolated into DROP TABLE. */
const dropTable = (name: (typeof STAGING_TABLES)[number] | 'programme_rights') => `DROP TABLE IF EXISTS ${name}`;

/** Builds `programme_rights` in a build database that holds the base tables; `asOf` is YYYY-MM-DD. */
export async function buildRightsTables(conn: DuckDBConnection, asOf: string): Promise<void> {
	for (const t of [...STAGING_TABLES, 'programme_rights'] as const) await conn.run(dropTable(t));
	await conn.run(HOUSEHOLD_STAGING);
	const programmes = await conn.runAndReadAll('SELECT code, eligibility_rule FROM programmes ORDER BY code');
	for (const [code, rule] of programmes.getRows()) {
		await conn.run(householdInsert(onListSql(parseRule(String(rule)))), { code: String(code), as_of: asOf });
	}
	await conn.run(ROUNDS, { as_of: asOf });
	await conn.run(RIGHTS, { as_of: asOf });
	for (const t of STAGING_TABLES) await conn.run(dropTable(t));
}
