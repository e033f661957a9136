import { both } from '../../bilingual';
import type { Text } from '../../indicators';
import { m } from '../../paraglide/messages';
import { SHOWN } from './limits';

/** Every problem an import can report, in Indonesian and English, from its Paraglide message (`import_<code>`); docs/import.md lists the same table. */
export const ERRORS = {
	HMAC_KEY_MISSING: both(m.import_hmac_key_missing),
	HMAC_KEY_IN_DATA: both(m.import_hmac_key_in_data),
	HMAC_KEY_CHANGED: both(m.import_hmac_key_changed),
	BAD_FILE_NAME: both(m.import_bad_file_name),
	BAD_KIND: both(m.import_bad_kind),
	REGISTER_REQUIRED: both(m.import_register_required),
	IMPORT_BUSY: both(m.import_import_busy),
	LOCK_LOST: both(m.import_lock_lost),
	BAD_SCOPE: both(m.import_bad_scope),
	BAD_REPLACE_SCOPE: both(m.import_bad_replace_scope),
	REPLACE_SCOPE_OUTSIDE: both(m.import_replace_scope_outside),
	REPLACE_SCOPE_NOT_APPLICABLE: both(m.import_replace_scope_not_applicable),
	FILE_NOT_FOUND: both(m.import_file_not_found),
	FILE_UNREADABLE: both(m.import_file_unreadable),
	XLSX_TOO_LARGE: both(m.import_xlsx_too_large, { limit: SHOWN.xlsxBytes }),
	XLSX_UNCOMPRESSED_TOO_LARGE: both(m.import_xlsx_uncompressed_too_large, { limit: SHOWN.xlsxUncompressed }),
	XLSX_TOO_MANY_ROWS: both(m.import_xlsx_too_many_rows, { rows: SHOWN.xlsxRows }),
	XLSX_INCONSISTENT: both(m.import_xlsx_inconsistent),
	TOO_MANY_COLUMNS: both(m.import_too_many_columns, { columns: SHOWN.columns }),
	FILE_TOO_LARGE: both(m.import_file_too_large, { limit: SHOWN.tabularBytes }),
	TOO_MANY_ROWS: both(m.import_too_many_rows, { rows: SHOWN.rows }),
	CSV_MALFORMED: both(m.import_csv_malformed),
	EMPTY_FILE: both(m.import_empty_file),
	MISSING_COLUMN: both(m.import_missing_column),
	UNKNOWN_COLUMN: both(m.import_unknown_column),
	BAD_MAPPING: both(m.import_bad_mapping),
	BAD_PROFILE_NAME: both(m.import_bad_profile_name),
	PROFILE_NOT_FOUND: both(m.import_profile_not_found),
	BAD_METHOD_CHANGE: both(m.import_bad_method_change),
	CANCELLED: both(m.import_cancelled),
	DUPLICATE_COLUMN: both(m.import_duplicate_column),
	REQUIRED: both(m.import_required),
	NOT_INTEGER: both(m.import_not_integer),
	NOT_NUMBER: both(m.import_not_number),
	OUT_OF_RANGE: both(m.import_out_of_range),
	RATE_OUT_OF_RANGE: both(m.import_rate_out_of_range),
	NOT_BOOLEAN: both(m.import_not_boolean),
	NOT_DATE: both(m.import_not_date),
	BAD_PERIOD: both(m.import_bad_period),
	BAD_CODE: both(m.import_bad_code),
	BAD_ENUM: both(m.import_bad_enum),
	TEXT_TOO_LONG: both(m.import_text_too_long),
	FORMULA_INJECTION: both(m.import_formula_injection),
	UNKNOWN_REGION: both(m.import_unknown_region),
	OUTSIDE_SCOPE: both(m.import_outside_scope),
	REGION_NAME_UNKNOWN: both(m.import_region_name_unknown),
	REGION_NAME_AMBIGUOUS: both(m.import_region_name_ambiguous),
	WRONG_REGION_LEVEL: both(m.import_wrong_region_level),
	ID_SCIENTIFIC: both(m.import_id_scientific),
	ID_LOST_PRECISION: both(m.import_id_lost_precision),
	ID_NOT_16_DIGITS: both(m.import_id_not_16_digits),
	ID_BAD_REGION: both(m.import_id_bad_region),
	ID_BAD_DATE: both(m.import_id_bad_date),
	DUPLICATE_IN_FILE: both(m.import_duplicate_in_file),
	DUPLICATE_IN_SNAPSHOT: both(m.import_duplicate_in_snapshot),
	HOUSEHOLD_OTHER_VILLAGE: both(m.import_household_other_village),
	UNKNOWN_PROGRAMME: both(m.import_unknown_programme),
	BAD_RULE: both(m.import_bad_rule),
	STUNTED_GT_MEASURED: both(m.import_stunted_gt_measured),
	MIN_GT_MAX: both(m.import_min_gt_max),
	PERIOD_MISMATCH: both(m.import_period_mismatch),
	BAD_REF: both(m.import_bad_ref),
	UNKNOWN_HOUSEHOLD: both(m.import_unknown_household),
	AMBIGUOUS_REF: both(m.import_ambiguous_ref),
	PROGRAMME_PERIOD: both(m.import_programme_period),
	VERVAL_INCOMPLETE: both(m.import_verval_incomplete),
	VERVAL_CONFLICT: both(m.import_verval_conflict),
	REASON_REQUIRED: both(m.import_reason_required),
	NOTE_REQUIRED: both(m.import_note_required),
	DATE_IN_FUTURE: both(m.import_date_in_future)
} as const satisfies Record<string, Text>;

export type ErrorCode = keyof typeof ERRORS;

/** A whole-import failure (no key, bad name, unreadable file) that is reported before any row is read. */
export class ImportError extends Error {
	constructor(
		readonly code: ErrorCode,
		readonly detail = ''
	) {
		super(`${code}: ${ERRORS[code].en}${detail ? ` (${detail})` : ''}`);
	}

	/** One line, Indonesian first: what the command line prints. */
	get bilingual(): string {
		const detail = this.detail ? ` (${this.detail})` : '';
		return `${this.code}: ${ERRORS[this.code].id}${detail} / ${ERRORS[this.code].en}${detail}`;
	}
}
