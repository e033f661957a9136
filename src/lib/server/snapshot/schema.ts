/**
 * The snapshot's tables: one typed schema each. The same DDL creates the tables in a build
 * database (demo generator, importer) and documents the Parquet files in `docs/data-model.md`.
 */
export const SCHEMA_VERSION = 1;

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
		purpose: 'Aid programmes with unit value, channel, funder and the eligibility rule stored as data.',
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
			basis: 'VARCHAR'
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
	'extreme_poor_reached'
] as const;
export type Measure = (typeof MEASURES)[number];

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
	}
];

export const ALL_TABLES = [...BASE_TABLES, ...AGGREGATE_TABLES];

export function createTableSql(spec: TableSpec): string {
	const cols = Object.entries(spec.columns)
		.map(([name, type]) => `${name} ${type}`)
		.join(', ');
	return `CREATE TABLE ${spec.name} (${cols})`;
}
