/**
 * The snapshot's tables: one typed schema each. The same DDL creates the tables in a build
 * database (demo generator, importer) and documents the Parquet files in `docs/data-model.md`.
 */
import { CHILD_LINK_MEASURES, CRITERIA } from '../../criteria';

/**
 * 2: programme schedules (start month, rounds, round length, cash and in-kind entitlement), `programme_rights`, funnel stages NULL when not recorded.
 * 3: e-PPGBM `children`, restricted `household_addresses`, Kepmensos criteria counts, `verifications` (field verification results, import kind `verifications`) and the verification counts of `programme_coverage`.
 */
export const SCHEMA_VERSION = 3;

export interface TableSpec {
	name: string;
	purpose: string;
	/** Column name → DuckDB type; order is the Parquet column order. */
	columns: Record<string, string>;
	/** ORDER BY used when writing, so the same data gives byte-identical Parquet. */
	orderBy: string;
	/** Holds household-level rows: never readable from public code paths. */
	personal: boolean;
}

export const BASE_TABLES: TableSpec[] = [
	{
		name: 'regions',
		purpose: 'Region master: Kemendagri code, name, level, parent and validity, from idn-area-data.',
		columns: {
			code: 'VARCHAR NOT NULL',
			name: 'VARCHAR NOT NULL',
			level: 'VARCHAR NOT NULL',
			parent_code: 'VARCHAR',
			kind: 'VARCHAR NOT NULL',
			valid_from: 'DATE NOT NULL',
			valid_to: 'DATE'
		},
		orderBy: 'code',
		personal: false
	},
	{
		name: 'households',
		purpose:
			'One row per household and period in the registers; pseudonymous id (keyed hash), never a raw NIK.',
		columns: {
			household_id: 'VARCHAR NOT NULL',
			village_code: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			decile: 'TINYINT',
			in_dtks: 'BOOLEAN NOT NULL',
			in_p3ke: 'BOOLEAN NOT NULL',
			in_dtsen: 'BOOLEAN NOT NULL',
			in_krs: 'BOOLEAN NOT NULL',
			extreme_poor: 'BOOLEAN NOT NULL',
			members: 'TINYINT NOT NULL',
			under_five: 'TINYINT NOT NULL',
			pregnant: 'TINYINT NOT NULL',
			elderly: 'TINYINT NOT NULL',
			disabled: 'TINYINT NOT NULL',
			housing_unfit: 'BOOLEAN NOT NULL',
			head_informal_work: 'BOOLEAN NOT NULL',
			low_consumption: 'BOOLEAN NOT NULL',
			no_safe_water: 'BOOLEAN NOT NULL',
			no_sanitation: 'BOOLEAN NOT NULL',
			no_health_access: 'BOOLEAN NOT NULL'
		},
		orderBy: 'period, village_code, household_id',
		personal: true
	},
	{
		name: 'programmes',
		purpose:
			'Aid programmes with unit value, channel, funder, the eligibility rule stored as data, and the schedule: round 1 opens on the 1st of `start_month` of `period`, each of `rounds` rounds lasts `round_months` months, and each round entitles a household to `cash_per_round_rp` + `in_kind_per_round_rp`.',
		columns: {
			code: 'VARCHAR NOT NULL',
			name_id: 'VARCHAR NOT NULL',
			name_en: 'VARCHAR NOT NULL',
			agency: 'VARCHAR NOT NULL',
			kind: 'VARCHAR NOT NULL',
			unit_value_rp: 'BIGINT NOT NULL',
			items: 'VARCHAR',
			channel: 'VARCHAR NOT NULL',
			funder: 'VARCHAR NOT NULL',
			region_code: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			months: 'TINYINT NOT NULL',
			eligibility_rule: 'VARCHAR NOT NULL',
			basis: 'VARCHAR',
			start_month: 'TINYINT NOT NULL',
			rounds: 'TINYINT NOT NULL',
			round_months: 'TINYINT NOT NULL',
			cash_per_round_rp: 'BIGINT NOT NULL',
			in_kind_per_round_rp: 'BIGINT NOT NULL'
		},
		orderBy: 'code',
		personal: false
	},
	{
		name: 'distributions',
		purpose:
			'One row per programme, household and delivery round: how far it got in the funnel, amount and date.',
		columns: {
			programme_code: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			round: 'TINYINT NOT NULL',
			household_id: 'VARCHAR NOT NULL',
			village_code: 'VARCHAR NOT NULL',
			status: 'VARCHAR NOT NULL',
			amount_rp: 'BIGINT NOT NULL',
			delivered_date: 'DATE',
			drop_reason: 'VARCHAR'
		},
		orderBy: 'programme_code, village_code, household_id, round',
		personal: true
	},
	{
		name: 'programme_interventions',
		purpose:
			'Which programme delivers which intended intervention for families at risk of stunting (food, cash, health_visit, sanitation, counselling), for the convergence view.',
		columns: { programme_code: 'VARCHAR NOT NULL', intervention: 'VARCHAR NOT NULL' },
		orderBy: 'programme_code, intervention',
		personal: false
	},
	{
		name: 'child_growth',
		purpose: 'e-PPGBM style counts per village and weighing round: under-fives measured, stunted, wasted, underweight.',
		columns: {
			village_code: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			round_month: 'TINYINT NOT NULL',
			measured: 'INTEGER NOT NULL',
			stunted: 'INTEGER NOT NULL',
			wasted: 'INTEGER NOT NULL',
			underweight: 'INTEGER NOT NULL'
		},
		orderBy: 'period, round_month, village_code',
		personal: false
	},
	{
		name: 'official_indicators',
		purpose: 'Official statistics (BPS, SSGI, SKI) for regency and above, with confidence interval, source and method.',
		columns: {
			region_code: 'VARCHAR NOT NULL',
			indicator: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			value: 'DOUBLE NOT NULL',
			ci_lower: 'DOUBLE',
			ci_upper: 'DOUBLE',
			source: 'VARCHAR NOT NULL',
			method: 'VARCHAR NOT NULL',
			synthetic: 'BOOLEAN NOT NULL'
		},
		orderBy: 'indicator, region_code, period',
		personal: false
	},
	{
		name: 'targets',
		purpose: 'Dated targets with value or range, deadline, legal basis and adoption date; versioned, never overwritten.',
		columns: {
			region_code: 'VARCHAR NOT NULL',
			indicator: 'VARCHAR NOT NULL',
			value_min: 'DOUBLE NOT NULL',
			value_max: 'DOUBLE NOT NULL',
			deadline: 'DATE NOT NULL',
			basis: 'VARCHAR NOT NULL',
			adopted: 'DATE NOT NULL'
		},
		orderBy: 'indicator, region_code, adopted',
		personal: false
	},
	{
		name: 'region_crosswalk',
		purpose: 'Old Kemendagri codes and BPS codes mapped to the current Kemendagri code, each mapping valid for a date range.',
		columns: {
			from_code: 'VARCHAR NOT NULL',
			system: 'VARCHAR NOT NULL',
			to_code: 'VARCHAR NOT NULL',
			valid_from: 'DATE NOT NULL',
			valid_to: 'DATE',
			basis: 'VARCHAR'
		},
		orderBy: 'from_code, valid_from',
		personal: false
	},
	{
		name: 'household_names',
		purpose: 'Restricted: head-of-household name and keyed hash of the head NIK per register, for by-name verification lists only.',
		columns: {
			household_id: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			register: 'VARCHAR NOT NULL',
			head_id: 'VARCHAR',
			head_name: 'VARCHAR'
		},
		orderBy: 'period, register, household_id',
		personal: true
	},
	{
		name: 'household_addresses',
		purpose:
			'Restricted: address, dusun (hamlet), RT and RW of a household as its register file gives them, per register and period, for the field verification forms only; never public, never in aggregates.',
		columns: {
			household_id: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			register: 'VARCHAR NOT NULL',
			address: 'VARCHAR',
			dusun: 'VARCHAR',
			rt: 'VARCHAR',
			rw: 'VARCHAR'
		},
		orderBy: 'period, register, household_id',
		personal: true
	},
	{
		name: 'children',
		purpose:
			'e-PPGBM measurements by child (keyed hash of the child NIK), linked to a register household by the hashed KK or the parent NIK where the file carries them; child_growth counts of the same village × round are computed from these rows.',
		columns: {
			child_id: 'VARCHAR NOT NULL',
			household_id: 'VARCHAR',
			village_code: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			round_month: 'TINYINT NOT NULL',
			measured_date: 'DATE',
			height_for_age: 'VARCHAR NOT NULL',
			weight_for_height: 'VARCHAR',
			weight_for_age: 'VARCHAR'
		},
		orderBy: 'period, round_month, village_code, child_id',
		personal: true
	},
	{
		name: 'verifications',
		purpose:
			'Restricted: the field verification (verval) of a household for a programme, from a filled verification form (import kind `verval`): found at its address, still eligible, the reason from the list when not, a free note, the officer and the date. A household found not eligible or not found no longer counts as eligible for that programme.',
		columns: {
			programme_code: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			household_id: 'VARCHAR NOT NULL',
			village_code: 'VARCHAR NOT NULL',
			found: 'BOOLEAN NOT NULL',
			eligible: 'BOOLEAN',
			reason: 'VARCHAR',
			note: 'VARCHAR',
			officer: 'VARCHAR NOT NULL',
			verified_date: 'DATE NOT NULL'
		},
		orderBy: 'programme_code, period, village_code, household_id',
		personal: true
	}
];

/** Register measures summed per region × period; every page reads these, never household rows. */
export const MEASURES = [
	'households',
	'dtks_hh',
	'p3ke_hh',
	'dtsen_hh',
	'krs_families',
	'extreme_poor_hh',
	'poor_vulnerable_hh',
	'people',
	'under_five',
	'under5_measured',
	'under5_stunted',
	'aid_households',
	'aid_rp',
	'extreme_poor_reached',
	...CRITERIA.map((c) => c.measure),
	...CHILD_LINK_MEASURES
] as const;
export type Measure = (typeof MEASURES)[number];

const ROLLED = { region_code: 'VARCHAR NOT NULL', level: 'VARCHAR NOT NULL', parent_code: 'VARCHAR' };

/** Planner workbench aggregates, built by `coverage/build.ts`; every one is rolled up village → country. */
const WORKBENCH_AGGREGATES: TableSpec[] = [
	{
		name: 'programme_coverage',
		purpose:
			'Per programme × period × region: households eligible under the rule, reached, reached and eligible, Rupiah delivered, and the verification funnel (listed, verified, passed, delivered, receipt signed). A funnel stage before the earliest one the programme\'s list records is NULL (not recorded), never copied from the next stage. Field verification (`verifications`): households checked, found eligible, and found not eligible or not found (these leave `eligible`).',
		columns: {
			programme_code: 'VARCHAR NOT NULL',
			period: 'SMALLINT NOT NULL',
			...ROLLED,
			...Object.fromEntries(['eligible', 'reached', 'reached_eligible', 'amount_rp'].map((c) => [c, 'BIGINT NOT NULL'])),
			...Object.fromEntries(['listed', 'verified', 'passed'].map((c) => [c, 'BIGINT'])),
			...Object.fromEntries(['delivered', 'signed'].map((c) => [c, 'BIGINT NOT NULL'])),
			...Object.fromEntries(['verval_checked', 'verval_eligible', 'verval_rejected'].map((c) => [c, 'BIGINT NOT NULL']))
		},
		orderBy: 'programme_code, level, region_code',
		personal: false
	},
	{
		name: 'programme_dropouts',
		purpose: 'Households that left a programme funnel, per programme × period × region, by the stage they stopped at and the reason.',
		columns: { programme_code: 'VARCHAR NOT NULL', period: 'SMALLINT NOT NULL', stopped_at: 'VARCHAR NOT NULL', reason: 'VARCHAR NOT NULL', ...ROLLED, households: 'BIGINT NOT NULL' },
		orderBy: 'programme_code, level, region_code, stopped_at, reason',
		personal: false
	},
	{
		name: 'programme_overlap',
		purpose: 'Households reached by both programmes of a pair (a ≤ b; a = b is the programme alone), per period × region.',
		columns: { period: 'SMALLINT NOT NULL', programme_a: 'VARCHAR NOT NULL', programme_b: 'VARCHAR NOT NULL', ...ROLLED, households: 'BIGINT NOT NULL' },
		orderBy: 'period, level, region_code, programme_a, programme_b',
		personal: false
	},
	{
		name: 'register_combos',
		purpose: 'Households per combination of registers (DTKS, P3KE, DTSEN, KRS) per period × region, for reconciliation.',
		columns: {
			period: 'SMALLINT NOT NULL',
			in_dtks: 'BOOLEAN NOT NULL',
			in_p3ke: 'BOOLEAN NOT NULL',
			in_dtsen: 'BOOLEAN NOT NULL',
			in_krs: 'BOOLEAN NOT NULL',
			...ROLLED,
			households: 'BIGINT NOT NULL'
		},
		orderBy: 'period, level, region_code, in_dtks, in_p3ke, in_dtsen, in_krs',
		personal: false
	},
	{
		name: 'krs_convergence',
		purpose:
			'Families at risk of stunting (KRS) per period × region by the combination of intended interventions they received (food, cash, health visit, sanitation, counselling).',
		columns: {
			period: 'SMALLINT NOT NULL',
			food: 'BOOLEAN NOT NULL',
			cash: 'BOOLEAN NOT NULL',
			health_visit: 'BOOLEAN NOT NULL',
			sanitation: 'BOOLEAN NOT NULL',
			counselling: 'BOOLEAN NOT NULL',
			...ROLLED,
			families: 'BIGINT NOT NULL'
		},
		orderBy: 'period, level, region_code, food, cash, health_visit, sanitation, counselling',
		personal: false
	}
];

/**
 * Additive counts behind the four rights (Empat Tepat) per programme × region, built by `rights/build.ts`:
 * sasaran (recipients, off_list), jumlah (paid_*, short_rp, over_rp), waktu (rounds_*), administrasi
 * (receipts_signed, dropouts*). Definitions in docs/workbench.md.
 */
export const RIGHTS_COUNTS = [
	'recipients',
	'off_list',
	'paid_exact',
	'paid_short',
	'paid_over',
	'short_rp',
	'over_rp',
	'rounds_delivered',
	'rounds_on_time',
	'rounds_late',
	'rounds_early',
	'receipts_signed',
	'dropouts',
	'dropouts_no_reason'
] as const;
export type RightsCount = (typeof RIGHTS_COUNTS)[number];

const PROGRAMME_RIGHTS: TableSpec = {
	name: 'programme_rights',
	purpose:
		'The four rights (tepat sasaran, jumlah, waktu, administrasi) per programme × period × region, village up to country, as of `evaluated` (the snapshot date): recipients and off-list recipients; recipients paid exactly, short or over their entitlement and the Rupiah short and over; delivered rounds on time, late (median delay in days) or early, and rounds still undelivered after the programme ended (NULL while it runs); deliveries with a signed receipt; drop-outs and those without a recorded reason.',
	columns: {
		programme_code: 'VARCHAR NOT NULL',
		period: 'SMALLINT NOT NULL',
		...ROLLED,
		evaluated: 'DATE NOT NULL',
		...Object.fromEntries(RIGHTS_COUNTS.map((c) => [c, 'BIGINT NOT NULL'])),
		late_median_days: 'DOUBLE',
		rounds_undelivered: 'BIGINT'
	},
	orderBy: 'programme_code, level, region_code',
	personal: false
};

export const AGGREGATE_TABLES: TableSpec[] = [
	{
		name: 'region_values',
		purpose:
			'Pre-aggregated register measures per region × period at every level (village up to country).',
		columns: {
			region_code: 'VARCHAR NOT NULL',
			level: 'VARCHAR NOT NULL',
			parent_code: 'VARCHAR',
			period: 'SMALLINT NOT NULL',
			...Object.fromEntries(MEASURES.map((m) => [m, 'BIGINT NOT NULL']))
		},
		orderBy: 'level, period, region_code',
		personal: false
	},
	...WORKBENCH_AGGREGATES,
	PROGRAMME_RIGHTS,
	{
		name: 'public_region_values',
		purpose:
			'The only register figures public pages show: per region (regency, district, village) × period × measure (× programme), value NULL where suppressed (counts 1–9 and their complements; Rupiah wherever its count is hidden). Built by `public/build.ts`.',
		columns: {
			region_code: 'VARCHAR NOT NULL',
			level: 'VARCHAR NOT NULL',
			parent_code: 'VARCHAR',
			period: 'SMALLINT NOT NULL',
			measure: 'VARCHAR NOT NULL',
			programme_code: 'VARCHAR NOT NULL',
			value: 'BIGINT'
		},
		orderBy: 'measure, programme_code, period, level, region_code',
		personal: false
	}
];

export const ALL_TABLES = [...BASE_TABLES, ...AGGREGATE_TABLES];

export function createTableSql(spec: TableSpec): string {
	const cols = Object.entries(spec.columns)
		.map(([name, type]) => `${name} ${type}`)
		.join(', ');
	return `CREATE TABLE ${spec.name} (${cols})`;
}
