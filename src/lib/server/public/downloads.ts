/** Open-data downloads: one long table per file, constant SQL, suppressed values left empty. */
export const DOWNLOADS = {
	'nilai-wilayah': {
		sql: `SELECT v.region_code, r.name AS region_name, v.level, v.parent_code, v.period::INTEGER AS period, v.measure, v.programme_code, v.value::DOUBLE AS value
			FROM public_region_values v LEFT JOIN regions r ON r.code = v.region_code AND r.valid_to IS NULL
			ORDER BY v.measure, v.programme_code, v.period, v.level, v.region_code`,
		columns: ['region_code', 'region_name', 'level', 'parent_code', 'period', 'measure', 'programme_code', 'value']
	},
	program: {
		sql: `SELECT code, name_id, name_en, agency, kind, unit_value_rp::DOUBLE AS unit_value_rp, items, channel, funder, region_code, period::INTEGER AS period, months::INTEGER AS months, basis,
				start_month::INTEGER AS start_month, rounds::INTEGER AS rounds, round_months::INTEGER AS round_months,
				cash_per_round_rp::DOUBLE AS cash_per_round_rp, in_kind_per_round_rp::DOUBLE AS in_kind_per_round_rp
			FROM programmes ORDER BY code`,
		columns: ['code', 'name_id', 'name_en', 'agency', 'kind', 'unit_value_rp', 'items', 'channel', 'funder', 'region_code', 'period', 'months', 'basis', 'start_month', 'rounds', 'round_months', 'cash_per_round_rp', 'in_kind_per_round_rp']
	},
	'indikator-resmi': {
		sql: `SELECT region_code, indicator, period::INTEGER AS period, value, ci_lower, ci_upper, source, method, synthetic FROM official_indicators ORDER BY indicator, region_code, period`,
		columns: ['region_code', 'indicator', 'period', 'value', 'ci_lower', 'ci_upper', 'source', 'method', 'synthetic']
	}
} as const;
export type DownloadName = keyof typeof DOWNLOADS;
