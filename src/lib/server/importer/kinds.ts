/**
 * What an import file may hold, per kind: one typed entry per column with its Indonesian and English
 * header, type, whether it is required, and its allowed range. Validation SQL, templates and
 * docs/import.md are all generated from these entries.
 */
import { VERVAL_REASONS, vervalChoices } from '../../verval';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import type { Text } from '../../indicators';
export type RegionLevel = 'country' | 'province' | 'regency' | 'district' | 'village';

export type ColumnType =
	| { t: 'text'; max?: number }
	| { t: 'code' }
	| { t: 'name' }
	| { t: 'int'; min: number; max: number }
	| { t: 'number'; min: number; max: number }
	| { t: 'bool' }
	| { t: 'date' }
	| { t: 'period' }
	| { t: 'region'; levels: RegionLevel[] }
	| { t: 'kk' }
	| { t: 'nik' }
	| { t: 'enum'; values: string[] }
	/** A code from a list, also given as its Indonesian or English words (a form's drop-down shows the words). */
	| { t: 'choice'; values: { code: string; id: string; en: string }[] }
	/** A household reference printed on a verification form: hex digits of the pseudonymous id, dashes allowed. */
	| { t: 'ref' };

export interface ColumnSpec {
	/** Canonical (English) name; also the name used inside the import SQL. */
	name: string;
	id: string;
	type: ColumnType;
	required: boolean;
	/** SQL literal used when an optional column is empty. */
	fallback?: string;
	note: Text;
	example: string;
	/** Header of a form the app prints for this kind, `Indonesian / English`; it matches as the column's name does. */
	header?: { id: string; en: string };
}

export const KINDS = ['households', 'programmes', 'distributions', 'child_growth', 'children', 'official_indicators', 'targets', 'region_crosswalk', 'verifications'] as const;
export type Kind = (typeof KINDS)[number];
export const REGISTERS = ['dtks', 'p3ke', 'dtsen', 'krs'] as const;
export type Register = (typeof REGISTERS)[number];

export interface KindSpec {
	kind: Kind;
	label: { id: string; en: string };
	columns: ColumnSpec[];
	/** Columns that identify a row: a second row with the same values in one file is a duplicate. */
	key: string[];
}

const c = (name: string, id: string, type: ColumnType, required: boolean, note: Text, example: string, fallback?: string, header?: [string, string]): ColumnSpec => ({
	name,
	id,
	type,
	required,
	note,
	example,
	fallback,
	header: header && { id: header[0], en: header[1] }
});

/** A column of a form the app prints: its header names it in both languages. */
const form = (name: string, id: string, type: ColumnType, required: boolean, header: [string, string], note: Text, example: string) =>
	c(name, id, type, required, note, example, undefined, header);
const PERIOD = c('period', 'periode', { t: 'period' }, true, both(m.import_col_period), '2024');
const count = (name: string, id: string, label: Text, example = '0') =>
	c(name, id, { t: 'int', min: 0, max: 50 }, false, label, example, '0');
const flag = (name: string, id: string, label: Text) => c(name, id, { t: 'bool' }, false, label, 'tidak', 'false');
export const RATE_INDICATORS = ['poverty_rate', 'extreme_poverty_rate', 'stunting_prevalence'];
export const OFFICIAL_INDICATORS = [...RATE_INDICATORS, 'poor_people', 'poverty_line'];
const STATUSES = ['proposed', 'verified', 'eligible', 'delivered', 'receipt_signed'];
/** e-PPGBM nutrition statuses (Permenkes 2/2020 categories); the Indonesian words are read through synonyms.ts. */
export const HEIGHT_FOR_AGE = ['severely_stunted', 'stunted', 'normal', 'tall'];
export const WEIGHT_FOR_HEIGHT = ['severely_wasted', 'wasted', 'normal', 'risk_of_overweight', 'overweight', 'obese'];
export const WEIGHT_FOR_AGE = ['severely_underweight', 'underweight', 'normal', 'risk_of_overweight'];

export const KIND_SPECS: Record<Kind, KindSpec> = {
	households: {
		kind: 'households',
		label: both(m.import_kind_households),
		key: ['kk', 'period'],
		columns: [
			c('kk', 'no_kk', { t: 'kk' }, true, both(m.import_col_households_kk), '6402130101150001'),
			c('head_nik', 'nik_kepala', { t: 'nik' }, false, both(m.import_col_households_head_nik), '6402134507800002'),
			c('head_name', 'nama_kepala', { t: 'name' }, false, both(m.import_col_households_head_name), 'Siti Aminah'),
			c('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, both(m.import_col_households_village_code), '64.02.13.1008'),
			PERIOD,
			c('decile', 'desil', { t: 'int', min: 1, max: 10 }, false, both(m.import_col_households_decile), '1'),
			c('extreme_poor', 'miskin_ekstrem', { t: 'bool' }, false, both(m.import_col_households_extreme_poor), 'ya', 'coalesce(decile_p = 1, false)'),
			c('members', 'jumlah_anggota', { t: 'int', min: 1, max: 50 }, true, both(m.import_col_households_members), '4'),
			count('under_five', 'balita', both(m.import_col_households_under_five), '1'),
			count('pregnant', 'ibu_hamil', both(m.import_col_households_pregnant)),
			count('elderly', 'lansia', both(m.import_col_households_elderly)),
			count('disabled', 'disabilitas', both(m.import_col_households_disabled)),
			flag('housing_unfit', 'rumah_tidak_layak', both(m.import_col_households_housing_unfit)),
			flag('head_informal_work', 'pekerjaan_informal', both(m.import_col_households_head_informal_work)),
			flag('low_consumption', 'konsumsi_rendah', both(m.import_col_households_low_consumption)),
			flag('no_safe_water', 'tanpa_air_layak', both(m.import_col_households_no_safe_water)),
			flag('no_sanitation', 'tanpa_sanitasi', both(m.import_col_households_no_sanitation)),
			flag('no_health_access', 'tanpa_akses_kesehatan', both(m.import_col_households_no_health_access))
		]
	},
	programmes: {
		kind: 'programmes',
		label: both(m.import_kind_programmes),
		key: ['code'],
		columns: [
			c('code', 'kode', { t: 'code' }, true, both(m.import_col_programmes_code), 'KKR-SEMBAKO'),
			c('name_id', 'nama', { t: 'text' }, true, both(m.import_col_programmes_name_id), 'Paket sembako'),
			c('name_en', 'nama_en', { t: 'text' }, true, both(m.import_col_programmes_name_en), 'Food package'),
			c('agency', 'instansi', { t: 'text' }, true, both(m.import_col_programmes_agency), 'Dinsos'),
			c('kind', 'jenis', { t: 'enum', values: ['in_kind', 'cash', 'service'] }, true, both(m.import_col_programmes_kind), 'in_kind'),
			c('unit_value_rp', 'nilai_satuan_rp', { t: 'int', min: 0, max: 1e11 }, true, both(m.import_col_programmes_unit_value_rp), '3000000'),
			c('items', 'isi', { t: 'text' }, false, both(m.import_col_programmes_items), 'beras, minyak, telur, gula'),
			c('channel', 'saluran', { t: 'text' }, true, both(m.import_col_programmes_channel), 'PT Pos'),
			c('funder', 'pendana', { t: 'text' }, true, both(m.import_col_programmes_funder), 'APBD'),
			c('region_code', 'kode_wilayah', { t: 'region', levels: ['country', 'province', 'regency', 'district', 'village'] }, true, both(m.import_col_programmes_region_code), '64.02'),
			PERIOD,
			c('months', 'bulan', { t: 'int', min: 1, max: 12 }, true, both(m.import_col_programmes_months), '3'),
			c('start_month', 'bulan_mulai', { t: 'int', min: 1, max: 12 }, true, both(m.import_col_programmes_start_month), '10'),
			c('rounds', 'jumlah_tahap', { t: 'int', min: 1, max: 24 }, true, both(m.import_col_programmes_rounds), '1'),
			c('round_months', 'bulan_per_tahap', { t: 'int', min: 1, max: 12 }, true, both(m.import_col_programmes_round_months), '3'),
			c('cash_per_round_rp', 'tunai_per_tahap_rp', { t: 'int', min: 0, max: 1e10 }, true, both(m.import_col_programmes_cash_per_round_rp), '0'),
			c('in_kind_per_round_rp', 'barang_per_tahap_rp', { t: 'int', min: 0, max: 1e10 }, true, both(m.import_col_programmes_in_kind_per_round_rp), '3000000'),
			c('eligibility_rule', 'aturan_kelayakan', { t: 'text', max: 4000 }, true, both(m.import_col_programmes_eligibility_rule), '{"register":"p3ke"}'),
			c('basis', 'dasar', { t: 'text' }, false, both(m.import_col_programmes_basis), 'Inpres 4/2022')
		]
	},
	distributions: {
		kind: 'distributions',
		label: both(m.import_kind_distributions),
		key: ['programme_code', 'period', 'round', 'kk'],
		columns: [
			c('programme_code', 'kode_program', { t: 'code' }, true, both(m.import_col_distributions_programme_code), 'KKR-SEMBAKO'),
			PERIOD,
			c('round', 'tahap', { t: 'int', min: 1, max: 24 }, true, both(m.import_col_distributions_round), '1'),
			c('kk', 'no_kk', { t: 'kk' }, true, both(m.import_col_distributions_kk), '6402130101150001'),
			c('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, both(m.import_col_distributions_village_code), '64.02.13.1008'),
			c('status', 'status', { t: 'enum', values: STATUSES }, true, both(m.import_col_distributions_status), 'delivered'),
			c('amount_rp', 'nilai_rp', { t: 'int', min: 0, max: 1e10 }, true, both(m.import_col_distributions_amount_rp), '250000'),
			c('delivered_date', 'tanggal_terima', { t: 'date' }, false, both(m.import_col_distributions_delivered_date), '2024-11-15'),
			c('drop_reason', 'alasan_batal', { t: 'text' }, false, both(m.import_col_distributions_drop_reason), '')
		]
	},
	child_growth: {
		kind: 'child_growth',
		label: both(m.import_kind_child_growth),
		key: ['village_code', 'period', 'round_month'],
		columns: [
			c('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, both(m.import_col_child_growth_village_code), '64.02.13.1008'),
			PERIOD,
			c('round_month', 'bulan_penimbangan', { t: 'int', min: 1, max: 12 }, true, both(m.import_col_child_growth_round_month), '8'),
			c('measured', 'diukur', { t: 'int', min: 0, max: 1e6 }, true, both(m.import_col_child_growth_measured), '120'),
			c('stunted', 'stunting', { t: 'int', min: 0, max: 1e6 }, true, both(m.import_col_child_growth_stunted), '9'),
			c('wasted', 'wasting', { t: 'int', min: 0, max: 1e6 }, false, both(m.import_col_child_growth_wasted), '3', '0'),
			c('underweight', 'berat_kurang', { t: 'int', min: 0, max: 1e6 }, false, both(m.import_col_child_growth_underweight), '7', '0')
		]
	},
	children: {
		kind: 'children',
		label: both(m.import_kind_children),
		key: ['child_nik', 'period', 'round_month'],
		columns: [
			c('child_nik', 'nik_anak', { t: 'nik' }, true, both(m.import_col_children_child_nik), '6402134107220001'),
			c('kk', 'no_kk', { t: 'kk' }, false, both(m.import_col_children_kk), '6402130101150001'),
			c('parent_nik', 'nik_ortu', { t: 'nik' }, false, both(m.import_col_children_parent_nik), ''),
			c('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, both(m.import_col_children_village_code), '64.02.13.1008'),
			c('measured_date', 'tanggal_ukur', { t: 'date' }, false, both(m.import_col_children_measured_date), '2024-08-12'),
			PERIOD,
			c('round_month', 'bulan_penimbangan', { t: 'int', min: 1, max: 12 }, true, both(m.import_col_children_round_month), '8'),
			c('height_for_age', 'tb_u', { t: 'enum', values: HEIGHT_FOR_AGE }, true, both(m.import_col_children_height_for_age), 'Pendek'),
			c('weight_for_height', 'bb_tb', { t: 'enum', values: WEIGHT_FOR_HEIGHT }, false, both(m.import_col_children_weight_for_height), 'Gizi Baik'),
			c('weight_for_age', 'bb_u', { t: 'enum', values: WEIGHT_FOR_AGE }, false, both(m.import_col_children_weight_for_age), 'Berat Badan Normal')
		]
	},
	official_indicators: {
		kind: 'official_indicators',
		label: both(m.import_kind_official_indicators),
		key: ['region_code', 'indicator', 'period'],
		columns: [
			c('region_code', 'kode_wilayah', { t: 'region', levels: ['country', 'province', 'regency'] }, true, both(m.import_col_official_indicators_region_code), '64.02'),
			c('indicator', 'indikator', { t: 'enum', values: OFFICIAL_INDICATORS }, true, both(m.import_col_official_indicators_indicator, { values: OFFICIAL_INDICATORS.join(', ') }), 'poverty_rate'),
			PERIOD,
			c('value', 'nilai', { t: 'number', min: 0, max: 1e12 }, true, both(m.import_col_official_indicators_value), '7,28'),
			c('ci_lower', 'batas_bawah', { t: 'number', min: 0, max: 1e12 }, false, both(m.import_col_official_indicators_ci_lower), ''),
			c('ci_upper', 'batas_atas', { t: 'number', min: 0, max: 1e12 }, false, both(m.import_col_official_indicators_ci_upper), ''),
			c('source', 'sumber', { t: 'text' }, true, both(m.import_col_official_indicators_source), 'BPS, Susenas Maret'),
			c('method', 'metode', { t: 'text' }, true, both(m.import_col_official_indicators_method), 'Garis kemiskinan BPS (kebutuhan dasar)'),
			c('method_since', 'metode_sejak', { t: 'period' }, false, both(m.import_col_official_indicators_method_since), '')
		]
	},
	targets: {
		kind: 'targets',
		label: both(m.import_kind_targets),
		key: ['region_code', 'indicator', 'adopted'],
		columns: [
			c('region_code', 'kode_wilayah', { t: 'region', levels: ['country', 'province', 'regency', 'district', 'village'] }, true, both(m.import_col_targets_region_code), '64.02'),
			c('indicator', 'indikator', { t: 'enum', values: OFFICIAL_INDICATORS }, true, both(m.import_col_targets_indicator), 'extreme_poverty_rate'),
			c('value_min', 'nilai_min', { t: 'number', min: 0, max: 100 }, true, both(m.import_col_targets_value_min), '0'),
			c('value_max', 'nilai_maks', { t: 'number', min: 0, max: 100 }, true, both(m.import_col_targets_value_max), '0,5'),
			c('deadline', 'tenggat', { t: 'date' }, true, both(m.import_col_targets_deadline), '2026-12-31'),
			c('basis', 'dasar_hukum', { t: 'text' }, true, both(m.import_col_targets_basis), 'Inpres 8/2025'),
			c('adopted', 'tanggal_ditetapkan', { t: 'date' }, true, both(m.import_col_targets_adopted), '2025-05-01')
		]
	},
	verifications: {
		kind: 'verifications',
		label: both(m.import_kind_verifications),
		key: ['programme_code', 'period', 'ref'],
		columns: [
			form('ref', 'ref_rumah_tangga', { t: 'ref' }, true, ['Ref rumah tangga', 'Household ref'], both(m.import_col_verifications_ref), 'A3F9-2C1B'),
			form('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, ['Kode desa', 'Village code'], both(m.import_col_verifications_village_code), '63.02.01.2001'),
			form('programme_code', 'kode_program', { t: 'code' }, true, ['Kode program', 'Programme code'], both(m.import_col_verifications_programme_code), 'KTB-PANGAN-2024'),
			{ ...PERIOD, header: both(m.period) },
			form('head_name', 'nama_kepala_keluarga', { t: 'name' }, false, ['Nama kepala keluarga', 'Head of household'], both(m.import_col_verifications_head_name), 'Siti Aminah'),
			form('village_name', 'desa', { t: 'text' }, false, ['Desa', 'Village'], both(m.import_col_verifications_village_name), 'Semaras'),
			form('address', 'alamat', { t: 'name' }, false, ['Alamat', 'Address'], both(m.import_col_verifications_address), 'Jl. Pantai 12'),
			form('dusun', 'dusun', { t: 'name' }, false, ['Dusun', 'Hamlet'], both(m.import_col_verifications_dusun), 'Dusun II'),
			form('rt', 'rt', { t: 'name' }, false, ['RT', 'RT'], both(m.import_col_verifications_rt), '003'),
			form('rw', 'rw', { t: 'name' }, false, ['RW', 'RW'], both(m.import_col_verifications_rw), '001'),
			form('registers', 'daftar', { t: 'text' }, false, ['Daftar', 'On registers'], both(m.import_col_verifications_registers), 'DTKS, P3KE'),
			form('programmes_reached', 'program_diterima', { t: 'text' }, false, ['Program diterima', 'Programmes received'], both(m.import_col_verifications_programmes_reached), 'PKH-2024'),
			form('found', 'ditemukan', { t: 'bool' }, false, ['Ditemukan (ya/tidak)', 'Found (yes/no)'], both(m.import_col_verifications_found), 'ya'),
			form('eligible', 'layak', { t: 'bool' }, false, ['Layak (ya/tidak)', 'Eligible (yes/no)'], both(m.import_col_verifications_eligible), 'ya'),
			form('reason', 'alasan', { t: 'choice', values: vervalChoices() }, false, ['Alasan', 'Reason'], both(m.import_col_verifications_reason, { reasons: VERVAL_REASONS.join(', ') }), ''),
			form('note', 'catatan', { t: 'text', max: 500 }, false, ['Catatan', 'Note'], both(m.import_col_verifications_note), ''),
			form('officer', 'petugas', { t: 'name' }, false, ['Petugas', 'Officer'], both(m.import_col_verifications_officer), 'Budi Santoso'),
			form('verified_date', 'tanggal_verifikasi', { t: 'date' }, false, ['Tanggal verifikasi', 'Date checked'], both(m.import_col_verifications_verified_date), '2024-12-10')
		]
	},
	region_crosswalk: {
		kind: 'region_crosswalk',
		label: both(m.import_kind_region_crosswalk),
		key: ['from_code', 'valid_from'],
		columns: [
			c('from_code', 'kode_asal', { t: 'code' }, true, both(m.import_col_region_crosswalk_from_code), '6402130008'),
			c('system', 'sistem', { t: 'enum', values: ['kemendagri', 'bps'] }, true, both(m.import_col_region_crosswalk_system), 'bps'),
			c('to_code', 'kode_baru', { t: 'region', levels: ['province', 'regency', 'district', 'village'] }, true, both(m.import_col_region_crosswalk_to_code), '64.02.13.1008'),
			c('valid_from', 'berlaku_dari', { t: 'date' }, true, both(m.import_col_region_crosswalk_valid_from), '2000-01-01'),
			c('valid_to', 'berlaku_sampai', { t: 'date' }, false, both(m.import_col_region_crosswalk_valid_to), ''),
			c('basis', 'dasar', { t: 'text' }, false, both(m.import_col_region_crosswalk_basis), 'Kepmendagri 300.2.2-2138/2025')
		]
	}
};

/** The header a printed form gives a column: `Indonesian / English`; the import matches it as the column's own name. */
export const formHeader = (col: ColumnSpec) => (col.header ? `${col.header.id} / ${col.header.en}` : col.id);

/** The downloadable template of a kind: the header row (Indonesian or English names) and one example row. */
export function templateCsv(kind: Kind, lang: 'id' | 'en' = 'id'): string {
	const cols = KIND_SPECS[kind].columns;
	const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
	return `${cols.map((col) => (lang === 'id' ? col.id : col.name)).join(',')}\n${cols.map((col) => cell(col.example)).join(',')}\n`;
}
