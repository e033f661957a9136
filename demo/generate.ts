import type { DuckDBConnection } from '@duckdb/node-api';
import { ruleToSql } from '../src/lib/server/eligibility/rule';
import { timedStage, type StageLog } from '../src/lib/server/snapshot/build';
import { NATIONAL_CODES, NATIONAL_PROGRAMMES, STORY_PROGRAMMES, type DemoProgramme } from './programmes';
import { OFFICIAL_FIGURES, TARGETS } from './official';

export const DEMO_PERIODS = [2021, 2022, 2023, 2024, 2025];
export { DEFAULT_SCOPE } from '../src/lib/server/config';

export interface DemoOptions {
	seed: number;
	/** Region code prefixes to generate households for; `[]` means the whole country. */
	scope: string[];
	/** Households generated per real household; the national benchmark set uses less than 1. */
	scale: number;
	/**
	 * Register size instead of `scale`: about this many households in 2025 (the DTSEN year), spread
	 * over the scope's villages by their size, e.g. 70,000,000 for the whole national register.
	 */
	households?: number;
	/** Periods to generate rows for (default all of `DEMO_PERIODS`); a DTSEN-scale run may keep only 2025. */
	periods?: number[];
	/** Told the wall time of each generation step as it finishes. */
	onStage?: StageLog;
}

/** Share of households that leave the register in 2022–2025 (absent from 2025 on or earlier). */
const EXIT_SHARE = 0.06;

/**
 * Regency calibration: mean households per village (from BPS population / 3.6), share of households
 * in welfare decile 1 in 2021, and the e-PPGBM stunted share (register counts run far below surveys).
 */
const REGENCY_PARAMS = `
	SELECT * FROM (VALUES
		('63.02', 455.0, 0.060, 0.095),
		('64.02', 880.0, 0.065, 0.120),
		('19.01', 1160.0, 0.040, 0.011)
	) t(regency_code, mean_hh, p1, eppgbm_rate)`;
const DEFAULT_PARAMS = { mean_hh: 800, p1: 0.055, eppgbm_rate: 0.09 };

// u(...) is a deterministic uniform draw in [0, 1) from the seed and the given keys.
const MACROS = `
	CREATE OR REPLACE TEMP MACRO u(a, b, c) AS (hash(a, b, c, getvariable('seed')) % 1000000007) / 1000000007.0;
	CREATE OR REPLACE TEMP MACRO lognorm(a, b) AS exp(0.6 * sqrt(-2 * ln(1 - u(a, b, 'ln1'))) * cos(2 * pi() * u(a, b, 'ln2')) - 0.18);`;

const VILLAGES = `
	CREATE TEMP TABLE gen_villages AS
	WITH v AS (
		SELECT r.code AS village_code, r.kind, substr(r.code, 1, 5) AS regency_code,
			coalesce(p.mean_hh, $mean_hh) AS mean_hh, coalesce(p.p1, $p1) AS p1,
			coalesce(p.eppgbm_rate, $eppgbm) AS eppgbm_rate,
			CASE WHEN r.kind = 'kelurahan' THEN 2.5 ELSE 1 END AS kind_factor, lognorm(r.code, 'size') AS size_draw
		FROM regions r LEFT JOIN (${REGENCY_PARAMS}) p ON p.regency_code = substr(r.code, 1, 5)
		WHERE r.level = 'village' AND (len(getvariable('scope')) = 0 OR list_has_any(getvariable('scope'),
			[substr(r.code, 1, 2), substr(r.code, 1, 5), substr(r.code, 1, 8), r.code]))
	)
	SELECT village_code, kind, regency_code, mean_hh, p1, eppgbm_rate,
		CASE WHEN getvariable('households') > 0
			-- the village's share of the register by size, enlarged by the households that leave before 2025
			THEN greatest(1, round(getvariable('households') / (1 - ${EXIT_SHARE}) * mean_hh * kind_factor * size_draw
				/ sum(mean_hh * kind_factor * size_draw) OVER ()))
			ELSE greatest(ceil(150 * getvariable('scale')), round(getvariable('scale') * mean_hh * kind_factor * size_draw)) END::INTEGER AS hh_count,
		(0.7 + 0.6 * u(village_code, 'effect', 0)) * CASE WHEN kind = 'kelurahan' THEN 1.3 ELSE 1 END AS welfare_effect,
		0.15 + 0.5 * u(village_code, 'water', 0) * CASE WHEN kind = 'kelurahan' THEN 0.4 ELSE 1 END AS water_deficit,
		0.6 + 0.8 * u(village_code, 'stunt', 0) AS stunting_effect
	FROM v`;

// One row per household ever present; welfare is a latent score w0 in (0, 1): decile = 1 + floor(10 w).
const HOUSEHOLD_BASE = `
	CREATE TEMP TABLE gen_hh AS
	SELECT village_code, n,
		sha256(concat('tepat-demo:', getvariable('seed'), ':', village_code, ':', n)) AS household_id,
		CASE WHEN u(village_code, n, 'entry') < 0.86 THEN 2021 ELSE 2022 + floor(4 * u(village_code, n, 'entry2'))::INTEGER END AS entry_year,
		CASE WHEN u(village_code, n, 'exit') < ${EXIT_SHARE} THEN 2022 + floor(4 * u(village_code, n, 'exit2'))::INTEGER ELSE 9999 END AS exit_year,
		least(0.999, pow(u(village_code, n, 'w'), ln(0.1) / ln(p1)) * welfare_effect) AS w0,
		(1 + floor(pow(u(village_code, n, 'members'), 1.3) * 6))::TINYINT AS members,
		water_deficit, eppgbm_rate, stunting_effect
	FROM (SELECT *, unnest(range(hh_count)) AS n FROM gen_villages)`;

const HOUSEHOLDS = `
	INSERT INTO households
	WITH p AS (
		SELECT h.*, y.period,
			least(0.999, h.w0 * pow(1.05, y.period - 2021) + 0.04 * (u(h.household_id, y.period, 'drift') - 0.5)) AS w
		FROM gen_hh h JOIN (SELECT unnest(getvariable('periods')) AS period) y
			ON y.period BETWEEN h.entry_year AND h.exit_year - 1
	), d AS (
		SELECT *, least(10, greatest(1, 1 + floor(10 * w)))::TINYINT AS decile, 1 - w AS poorness,
			(CASE WHEN u(household_id, period, 'u5') < 0.22 THEN 1 ELSE 0 END
				+ CASE WHEN u(household_id, period, 'u5b') < 0.05 THEN 1 ELSE 0 END)::TINYINT AS under_five,
			(CASE WHEN members >= 2 AND u(household_id, period, 'preg') < 0.06 THEN 1 ELSE 0 END)::TINYINT AS pregnant,
			(CASE WHEN u(household_id, 0, 'eld') < 0.18 THEN 1 ELSE 0 END
				+ CASE WHEN u(household_id, 0, 'eld2') < 0.05 THEN 1 ELSE 0 END)::TINYINT AS elderly,
			(CASE WHEN u(household_id, 0, 'dis') < 0.04 THEN 1 ELSE 0 END)::TINYINT AS disabled
		FROM p
	), c AS (
		SELECT *,
			u(household_id, period, 'water') < water_deficit * (0.4 + 0.6 * poorness) AS no_safe_water,
			u(household_id, period, 'san') < water_deficit * (0.3 + 0.7 * poorness) AS no_sanitation
		FROM d
	)
	SELECT household_id, village_code, period::SMALLINT, decile,
		(decile <= 4 AND u(household_id, period, 'dtks') < 0.8) OR (decile BETWEEN 5 AND 6 AND u(household_id, period, 'dtks') < 0.25)
			OR (decile >= 7 AND u(household_id, period, 'dtks') < 0.03) AS in_dtks,
		period >= 2022 AND ((decile <= 4 AND u(household_id, period, 'p3ke') < 0.9) OR (decile = 5 AND u(household_id, period, 'p3ke') < 0.1)) AS in_p3ke,
		period >= 2025 AS in_dtsen,
		(under_five > 0 OR pregnant > 0) AND (no_safe_water OR no_sanitation OR u(household_id, period, 'krs') < 0.25) AS in_krs,
		false AS extreme_poor,
		members, under_five, pregnant, elderly, disabled,
		u(household_id, period, 'house') < 0.45 * poorness * poorness AS housing_unfit,
		u(household_id, period, 'work') < 0.25 + 0.5 * poorness * poorness AS head_informal_work,
		u(household_id, period, 'cons') < 0.7 * pow(poorness, 3) AS low_consumption,
		no_safe_water, no_sanitation,
		u(household_id, period, 'health') < 0.35 * poorness * poorness AS no_health_access
	FROM c`;

// P3KE desil 1 (or DTSEN's equivalent) is the register's extreme-poor group.
const EXTREME_POOR = `UPDATE households SET extreme_poor = decile = 1 AND (in_p3ke OR in_dtsen OR in_dtks)`;

const CHILD_GROWTH = `
	INSERT INTO child_growth
	SELECT h.village_code, h.period, m.round_month,
		round(sum(h.under_five) * (0.75 + 0.2 * u(h.village_code, h.period, m.round_month)))::INTEGER AS measured,
		round(measured * any_value(v.eppgbm_rate) * any_value(v.stunting_effect)
			* pow(0.93, h.period - 2021) * (0.9 + 0.2 * u(h.village_code, h.period + m.round_month, 'st')))::INTEGER AS stunted,
		round(measured * 0.05 * (0.8 + 0.4 * u(h.village_code, h.period + m.round_month, 'wa')))::INTEGER AS wasted,
		round(measured * 0.12 * (0.8 + 0.4 * u(h.village_code, h.period + m.round_month, 'uw')))::INTEGER AS underweight
	FROM households h JOIN gen_villages v USING (village_code)
		CROSS JOIN (VALUES (2::TINYINT), (8::TINYINT)) m(round_month)
	GROUP BY h.village_code, h.period, m.round_month`;

/** Every demo programme gives one kind of aid: its unit value is the entitlement per round, cash or in kind. */
const INSERT_PROGRAMME = `
	INSERT INTO programmes VALUES ($code, $name_id, $name_en, $agency, $kind, $unit, $items, $channel, $funder,
		$region, $period, $rounds * $round_months, $rule, $basis, $start_month, $rounds, $round_months,
		CASE WHEN $kind = 'cash' THEN $unit ELSE 0 END, CASE WHEN $kind = 'cash' THEN 0 ELSE $unit END)`;

/** Routine national programme: most eligible households reached, a few ineligible ones too (inclusion error). */
const routineSql = (p: Omit<DemoProgramme, 'code' | 'period'>, code: string) => `
	INSERT INTO distributions
	SELECT p.code, h.period, 1, h.household_id, h.village_code,
		CASE WHEN u(h.household_id, p.code, 'rcpt') < 0.97 THEN 'receipt_signed' ELSE 'delivered' END,
		p.unit_value_rp, make_date(h.period, 3 + floor(6 * u(h.household_id, p.code, 'date'))::INTEGER, 15), NULL
	FROM households h JOIN programmes p ON p.period = h.period AND p.code = '${code}-' || h.period
	WHERE CASE WHEN ${ruleToSql(p.rule)} THEN u(h.household_id, p.code, 'reach') < 0.68
		ELSE h.in_dtks AND u(h.household_id, p.code, 'reach') < 0.06 END`;

/**
 * Kotabaru 2024: villages propose names from P3KE, KRS/stunting and DTKS; each village gets exactly 100
 * packages, due by the end of December; a few slots go to households on no list (inclusion error), a few
 * proposals are dropped, about 3% of packages arrive in January and about 2% lack the milk (Rp 200,000).
 */
const KOTABARU = `
	INSERT INTO distributions
	WITH c AS (
		SELECT h.household_id, h.village_code, ${ruleToSql(STORY_PROGRAMMES[0]!.rule)} AS eligible,
			u(h.household_id, 'KTB', 'rank') AS r
		FROM households h WHERE h.period = 2024 AND starts_with(h.village_code, '63.02.')
	), n AS (
		SELECT village_code, count(*) FILTER (eligible) AS n_el FROM c GROUP BY village_code
	), q AS (
		SELECT c.*, n.n_el, least(n.n_el, 90 + floor(8 * u(c.village_code, 'KTB', 'q'))::INTEGER) AS take_el,
			row_number() OVER (PARTITION BY c.village_code, c.eligible ORDER BY c.r, c.household_id) AS rk
		FROM c JOIN n USING (village_code)
	), s AS (
		SELECT *, CASE WHEN eligible THEN rk <= take_el ELSE rk <= 100 - take_el END AS got,
			NOT eligible AND rk > 100 - take_el AND rk <= 106 - take_el AS dropped
		FROM q
	)
	SELECT 'KTB-PANGAN-2024', 2024, 1, household_id, village_code,
		CASE WHEN dropped THEN 'proposed' WHEN u(household_id, 'KTB', 'rcpt') < 0.95 THEN 'receipt_signed' ELSE 'delivered' END,
		CASE WHEN NOT got THEN 0 WHEN u(household_id, 'KTB', 'milk') < 0.02 THEN 200000 ELSE 250000 END,
		CASE WHEN NOT got THEN NULL WHEN u(household_id, 'KTB', 'late') < 0.03 THEN make_date(2025, 1, 2 + floor(12 * u(household_id, 'KTB', 'd'))::INTEGER)
			ELSE make_date(2024, 12, 2 + floor(27 * u(household_id, 'KTB', 'd'))::INTEGER) END,
		CASE WHEN dropped THEN 'not_on_any_list' END
	FROM s WHERE got OR dropped`;

/**
 * Kutai Kartanegara 2023: 6,000 P3KE households of desil 1–2 verified in the field; those found extreme-poor
 * pass, 1,000 of them receive Rp 3,000,000 in November (the rest: quota reached). About 5% of packages
 * arrive in early December, and about 3% of those found not extreme-poor have no reason written down.
 */
const KUKAR = `
	INSERT INTO distributions
	WITH c AS (
		SELECT h.*, row_number() OVER (ORDER BY u(h.household_id, 'KKR', 'rank'), h.household_id) AS listed_rank
		FROM households h WHERE h.period = 2023 AND starts_with(h.village_code, '64.02.') AND h.in_p3ke AND h.decile <= 2
	), l AS (
		SELECT *, ${ruleToSql(STORY_PROGRAMMES[1]!.rule, 'c')} AS eligible FROM c WHERE listed_rank <= 6000
	), r AS (
		SELECT *, row_number() OVER (PARTITION BY eligible ORDER BY listed_rank) AS er FROM l
	)
	SELECT 'KKR-SEMBAKO-2023', 2023, 1, household_id, village_code,
		CASE WHEN NOT eligible THEN 'verified' WHEN er > 1000 THEN 'eligible'
			WHEN u(household_id, 'KKR', 'rcpt') < 0.96 THEN 'receipt_signed' ELSE 'delivered' END,
		CASE WHEN eligible AND er <= 1000 THEN 3000000 ELSE 0 END,
		CASE WHEN NOT eligible OR er > 1000 THEN NULL
			WHEN u(household_id, 'KKR', 'late') < 0.05 THEN make_date(2023, 12, 1 + floor(14 * u(household_id, 'KKR', 'd'))::INTEGER)
			ELSE make_date(2023, 11, 1 + floor(28 * u(household_id, 'KKR', 'd'))::INTEGER) END,
		CASE WHEN NOT eligible AND u(household_id, 'KKR', 'why') >= 0.03 THEN 'not_extreme_poor' WHEN eligible AND er > 1000 THEN 'quota_reached' END
	FROM r`;

/**
 * Bangka 2023: 15,000 families listed by Kemenko PMK; field verification keeps 1,717 extreme-poor
 * families, who get one Rp 250,000 package in the second quarter and Rp 350,000 cash in each of April,
 * May and June via PT Pos; about 4% of packages and of cash rounds arrive up to 12 days after their window.
 */
const BANGKA = `
	INSERT INTO distributions
	WITH c AS (
		SELECT h.*, row_number() OVER (ORDER BY h.decile, u(h.household_id, 'BGK', 'rank'), h.household_id) AS listed_rank
		FROM households h WHERE h.period = 2023 AND starts_with(h.village_code, '19.01.') AND h.in_p3ke
	), l AS (
		SELECT *, listed_rank <= 1717 AS kept FROM c WHERE listed_rank <= 15000
	), p AS (
		SELECT * FROM (VALUES ('BGK-PAKET-2023', 250000, 1, 3), ('BGK-TUNAI-2023', 350000, 3, 1)) t(code, amount, rounds, round_months)
	)
	SELECT p.code, 2023, m.round, l.household_id, l.village_code,
		CASE WHEN NOT l.kept THEN 'proposed' WHEN u(l.household_id, p.code, m.round) < 0.97 THEN 'receipt_signed' ELSE 'delivered' END,
		CASE WHEN l.kept THEN p.amount ELSE 0 END,
		CASE WHEN NOT l.kept THEN NULL
			WHEN u(l.household_id, p.code, 'late' || m.round) < 0.04 THEN make_date(2023, 4 + m.round * p.round_months, 1 + floor(12 * u(l.household_id, p.code, 'd' || m.round))::INTEGER)
			ELSE make_date(2023, 3 + m.round, 5 + floor(20 * u(l.household_id, p.code, 'd' || m.round))::INTEGER) END,
		CASE WHEN l.kept THEN NULL WHEN l.extreme_poor THEN 'not_found_at_address' ELSE 'welfare_improved' END
	FROM l CROSS JOIN p CROSS JOIN (SELECT unnest(range(1, 4))::TINYINT AS round) m
	WHERE m.round = 1 OR (l.kept AND m.round <= p.rounds)`;

/**
 * Samboja 2025 (SK B-061/Dinsos/Linjamsos/360.2/03/2025): 25 families at risk of stunting in each of
 * Wonotirto and Tanjung Harapan, one package in November and one in December. The registers are not in
 * sync, so Wonotirto's 25th place went to a poor DTKS family with a toddler that the KRS list lacks; two
 * November packages per village came in early December, one December package per village was short
 * (Rp 250,000), one Tanjung Harapan family never got its December package, and a few receipts are unsigned.
 */
const SAMBOJA = `
	INSERT INTO distributions
	WITH h AS (
		SELECT h.household_id, h.village_code, ${ruleToSql(STORY_PROGRAMMES[4]!.rule)} AS listed, u(h.household_id, 'SMB', 'rank') AS draw
		FROM households h
		WHERE h.period = 2025 AND h.village_code IN ('64.02.13.1008', '64.02.13.1009') AND (${ruleToSql(STORY_PROGRAMMES[4]!.rule)} OR (h.in_dtks AND h.under_five > 0))
	), c AS (
		SELECT *, row_number() OVER (PARTITION BY village_code, listed ORDER BY draw, household_id) AS rk FROM h
	), n AS (
		SELECT *, row_number() OVER (PARTITION BY village_code ORDER BY NOT listed, rk) AS n
		FROM c WHERE (listed AND rk <= CASE village_code WHEN '64.02.13.1008' THEN 24 ELSE 25 END) OR (NOT listed AND rk = 1 AND village_code = '64.02.13.1008')
	), r AS (
		SELECT *, village_code = '64.02.13.1009' AND n = 23 AS missed FROM n
	)
	SELECT 'KKR-STUNTING-2025', 2025, m.round, household_id, village_code,
		CASE WHEN m.round = 2 AND missed THEN 'eligible'
			WHEN (m.round = 2 AND n IN (6, 19)) OR u(household_id, 'SMB', m.round) >= 0.95 THEN 'delivered' ELSE 'receipt_signed' END,
		CASE WHEN m.round = 2 AND missed THEN 0 WHEN m.round = 2 AND n = 11 THEN 250000 ELSE 300000 END,
		CASE WHEN m.round = 2 AND missed THEN NULL
			WHEN m.round = 1 AND n IN (4, 17) THEN make_date(2025, 12, 2 + floor(3 * u(household_id, 'SMB', 'late'))::INTEGER)
			ELSE make_date(2025, 10 + m.round, 10 + floor(10 * u(household_id, 'SMB', 'd' || m.round))::INTEGER) END,
		NULL
	FROM r CROSS JOIN (VALUES (1::TINYINT), (2::TINYINT)) m(round)`;

/**
 * Kutai Kartanegara 2024: the four local interventions for families at risk of stunting. Reach varies by
 * village and by family (some families engage with every service, some with none), so convergence differs.
 */
const KRS_SERVICES = `
	INSERT INTO distributions
	WITH c AS (
		SELECT h.household_id, h.village_code, u(h.village_code, 'KRS', 'v') AS vf, u(h.household_id, 'KRS', 'e') AS e
		FROM households h WHERE h.period = 2024 AND starts_with(h.village_code, '64.02.') AND h.in_krs
	), s AS (
		SELECT t.code, t.base, p.unit_value_rp
		FROM (VALUES ('KKR-KRS-PANGAN-2024', 0.6), ('KKR-KRS-KUNJUNGAN-2024', 0.75), ('KKR-KRS-SANITASI-2024', 0.35), ('KKR-KRS-KONSELING-2024', 0.6)) t(code, base)
		JOIN programmes p USING (code)
	)
	SELECT s.code, 2024, 1, c.household_id, c.village_code,
		CASE WHEN u(c.household_id, s.code, 'rcpt') < 0.95 THEN 'receipt_signed' ELSE 'delivered' END, s.unit_value_rp,
		make_date(2024, 6 + floor(6 * u(c.household_id, s.code, 'd'))::INTEGER, 10), NULL
	FROM c CROSS JOIN s
	WHERE u(c.household_id, s.code, 'reach') < s.base * (0.4 + 0.8 * c.vf) * (0.5 + c.e)`;

const STORY_SQL: Record<string, string> = {
	'KTB-PANGAN-2024': KOTABARU,
	'KKR-SEMBAKO-2023': KUKAR,
	'BGK-PAKET-2023': BANGKA,
	'KKR-STUNTING-2025': SAMBOJA,
	'KKR-KRS-PANGAN-2024': KRS_SERVICES
};

function inScope(code: string, scope: string[]): boolean {
	return code === 'ID' || scope.length === 0 || scope.some((s) => code.startsWith(s) || s.startsWith(code));
}

/** Fills the base tables of an empty build database with the deterministic demo data. */
export async function generateDemo(conn: DuckDBConnection, opts: DemoOptions): Promise<void> {
	const periods = opts.periods ?? DEMO_PERIODS;
	const step = <T>(name: string, run: () => Promise<T>) => timedStage(opts.onStage, name, run);
	await conn.run('SET VARIABLE seed = $1::BIGINT', [opts.seed]);
	await conn.run('SET VARIABLE scale = $1::DOUBLE', [opts.scale]);
	await conn.run('SET VARIABLE households = $1::BIGINT', [opts.households ?? 0]);
	await conn.run('SET VARIABLE scope = $1::VARCHAR[]', [JSON.stringify(opts.scope).replaceAll('"', "'")]);
	await conn.run('SET VARIABLE periods = $1::INTEGER[]', [`[${periods.join(',')}]`]);
	for (const stmt of MACROS.split(';').filter((s) => s.trim())) await conn.run(stmt);
	await step('villages and households', async () => {
		await conn.run(VILLAGES, {
			mean_hh: DEFAULT_PARAMS.mean_hh,
			p1: DEFAULT_PARAMS.p1,
			eppgbm: DEFAULT_PARAMS.eppgbm_rate
		});
		await conn.run(HOUSEHOLD_BASE);
	});
	await step('household rows per period', async () => {
		await conn.run(HOUSEHOLDS);
		await conn.run('DROP TABLE gen_hh');
	});
	await step('extreme poor', () => conn.run(EXTREME_POOR));
	await step('child growth', () => conn.run(CHILD_GROWTH));

	const programmes: DemoProgramme[] = [
		...STORY_PROGRAMMES.filter((p) => inScope(p.region_code, opts.scope)),
		...DEMO_PERIODS.flatMap((period) =>
			NATIONAL_PROGRAMMES.map((p, i) => ({ ...p, code: `${NATIONAL_CODES[i]}-${period}`, period }))
		)
	].filter((p) => periods.includes(p.period));
	await step('programmes and distributions', () => insertProgrammes(conn, programmes));
	await step('official figures and targets', () => insertOfficial(conn, opts.scope));
}

async function insertProgrammes(conn: DuckDBConnection, programmes: DemoProgramme[]): Promise<void> {
	for (const p of programmes) {
		await conn.run(INSERT_PROGRAMME, {
			code: p.code,
			name_id: p.name_id,
			name_en: p.name_en,
			agency: p.agency,
			kind: p.kind,
			unit: p.unit_value_rp,
			items: p.items,
			channel: p.channel,
			funder: p.funder,
			region: p.region_code,
			period: p.period,
			rule: JSON.stringify(p.rule),
			basis: p.basis,
			start_month: p.start_month,
			rounds: p.rounds,
			round_months: p.round_months
		});
		if (p.intervention) await conn.run('INSERT INTO programme_interventions VALUES ($1, $2)', [p.code, p.intervention]);
	}
	for (const [i, p] of NATIONAL_PROGRAMMES.entries()) await conn.run(routineSql(p, NATIONAL_CODES[i]!));
	for (const p of programmes) {
		const sql = STORY_SQL[p.code];
		if (sql) await conn.run(sql);
	}
}

async function insertOfficial(conn: DuckDBConnection, scope: string[]): Promise<void> {
	for (const f of OFFICIAL_FIGURES.filter((f) => inScope(f.region_code, scope))) {
		await conn.run('INSERT INTO official_indicators VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
			f.region_code,
			f.indicator,
			f.period,
			f.value,
			f.ci_lower ?? null,
			f.ci_upper ?? null,
			f.source,
			f.method,
			f.synthetic
		]);
	}
	for (const t of TARGETS) {
		await conn.run('INSERT INTO targets VALUES ($1, $2, $3, $4, $5::DATE, $6, $7::DATE)', [
			t.region_code,
			t.indicator,
			t.value_min,
			t.value_max,
			t.deadline,
			t.basis,
			t.adopted
		]);
	}
}
