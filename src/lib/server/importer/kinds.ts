/**
 * What an import file may hold, per kind: one typed entry per column with its Indonesian and English
 * header, type, whether it is required, and its allowed range. Validation SQL, templates and
 * docs/import.md are all generated from these entries.
 */
import { VERVAL_REASONS, vervalChoices } from '../../verval';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
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
	note: { id: string; en: string };
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

const c = (name: string, id: string, type: ColumnType, required: boolean, note: [string, string], example: string, fallback?: string, header?: [string, string]): ColumnSpec => ({
	name,
	id,
	type,
	required,
	note: { id: note[0], en: note[1] },
	example,
	fallback,
	header: header && { id: header[0], en: header[1] }
});

/** A column of a form the app prints: its header names it in both languages. */
const form = (name: string, id: string, type: ColumnType, required: boolean, header: [string, string], note: [string, string], example: string) =>
	c(name, id, type, required, note, example, undefined, header);
const PERIOD = c('period', 'periode', { t: 'period' }, true, ['Tahun data (2000–2100)', 'Year of the data (2000–2100)'], '2024');
const count = (name: string, id: string, label: [string, string], example = '0') =>
	c(name, id, { t: 'int', min: 0, max: 50 }, false, label, example, '0');
const flag = (name: string, id: string, label: [string, string]) => c(name, id, { t: 'bool' }, false, label, 'tidak', 'false');
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
			c('kk', 'no_kk', { t: 'kk' }, true, ['Nomor Kartu Keluarga, 16 digit, diformat sebagai teks', 'Family card number, 16 digits, formatted as text'], '6402130101150001'),
			c('head_nik', 'nik_kepala', { t: 'nik' }, false, ['NIK kepala keluarga, 16 digit, diformat sebagai teks', 'NIK of the household head, 16 digits, formatted as text'], '6402134507800002'),
			c('head_name', 'nama_kepala', { t: 'name' }, false, ['Nama kepala keluarga (hanya ke tabel terbatas)', 'Name of the household head (restricted table only)'], 'Siti Aminah'),
			c('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, ['Kode desa Kemendagri (PP.KK.CC.DDDD), kode lama atau kode BPS', 'Kemendagri village code (PP.KK.CC.DDDD), an old code or a BPS code'], '64.02.13.1008'),
			PERIOD,
			c('decile', 'desil', { t: 'int', min: 1, max: 10 }, false, ['Desil kesejahteraan 1–10', 'Welfare decile 1–10'], '1'),
			c('extreme_poor', 'miskin_ekstrem', { t: 'bool' }, false, ['Miskin ekstrem (ya/tidak); kosong = desil 1', 'Extreme poor (yes/no); empty = decile 1'], 'ya', 'coalesce(decile_p = 1, false)'),
			c('members', 'jumlah_anggota', { t: 'int', min: 1, max: 50 }, true, ['Jumlah anggota rumah tangga', 'Household members'], '4'),
			count('under_five', 'balita', ['Anak di bawah lima tahun', 'Children under five'], '1'),
			count('pregnant', 'ibu_hamil', ['Ibu hamil', 'Pregnant women']),
			count('elderly', 'lansia', ['Lansia', 'Elderly members']),
			count('disabled', 'disabilitas', ['Penyandang disabilitas', 'Members with a disability']),
			flag('housing_unfit', 'rumah_tidak_layak', ['Rumah tidak layak huni', 'Unfit housing']),
			flag('head_informal_work', 'pekerjaan_informal', ['Kepala keluarga bekerja informal', 'Head works informally']),
			flag('low_consumption', 'konsumsi_rendah', ['Konsumsi dasar rendah', 'Low basic consumption']),
			flag('no_safe_water', 'tanpa_air_layak', ['Tanpa air minum layak', 'No safe drinking water']),
			flag('no_sanitation', 'tanpa_sanitasi', ['Tanpa jamban layak', 'No proper sanitation']),
			flag('no_health_access', 'tanpa_akses_kesehatan', ['Tanpa akses layanan kesehatan', 'No access to health care'])
		]
	},
	programmes: {
		kind: 'programmes',
		label: both(m.import_kind_programmes),
		key: ['code'],
		columns: [
			c('code', 'kode', { t: 'code' }, true, ['Kode program (huruf, angka, _ . -)', 'Programme code (letters, digits, _ . -)'], 'KKR-SEMBAKO'),
			c('name_id', 'nama', { t: 'text' }, true, ['Nama program (Indonesia)', 'Programme name (Indonesian)'], 'Paket sembako'),
			c('name_en', 'nama_en', { t: 'text' }, true, ['Nama program (Inggris)', 'Programme name (English)'], 'Food package'),
			c('agency', 'instansi', { t: 'text' }, true, ['Instansi pelaksana', 'Implementing agency'], 'Dinsos'),
			c('kind', 'jenis', { t: 'enum', values: ['in_kind', 'cash', 'service'] }, true, ['Jenis: in_kind, cash atau service', 'Kind: in_kind, cash or service'], 'in_kind'),
			c('unit_value_rp', 'nilai_satuan_rp', { t: 'int', min: 0, max: 1e11 }, true, ['Nilai per paket (Rp)', 'Value per package (Rp)'], '3000000'),
			c('items', 'isi', { t: 'text' }, false, ['Isi paket', 'Package contents'], 'beras, minyak, telur, gula'),
			c('channel', 'saluran', { t: 'text' }, true, ['Saluran penyaluran', 'Delivery channel'], 'PT Pos'),
			c('funder', 'pendana', { t: 'text' }, true, ['Sumber dana', 'Funder'], 'APBD'),
			c('region_code', 'kode_wilayah', { t: 'region', levels: ['country', 'province', 'regency', 'district', 'village'] }, true, ['Wilayah program', 'Programme region'], '64.02'),
			PERIOD,
			c('months', 'bulan', { t: 'int', min: 1, max: 12 }, true, ['Lama program dalam bulan', 'Programme length in months'], '3'),
			c('start_month', 'bulan_mulai', { t: 'int', min: 1, max: 12 }, true, ['Bulan tahap pertama dibuka (1–12) pada tahun periode', 'Month the first round opens (1–12) in the period year'], '10'),
			c('rounds', 'jumlah_tahap', { t: 'int', min: 1, max: 24 }, true, ['Jumlah tahap penyaluran (≥ 1)', 'Number of delivery rounds (≥ 1)'], '1'),
			c('round_months', 'bulan_per_tahap', { t: 'int', min: 1, max: 12 }, true, ['Lama jendela satu tahap dalam bulan', 'Length of one round’s window in months'], '3'),
			c('cash_per_round_rp', 'tunai_per_tahap_rp', { t: 'int', min: 0, max: 1e10 }, true, ['Hak tunai per rumah tangga per tahap (Rp)', 'Cash entitlement per household per round (Rp)'], '0'),
			c('in_kind_per_round_rp', 'barang_per_tahap_rp', { t: 'int', min: 0, max: 1e10 }, true, ['Nilai barang/jasa per rumah tangga per tahap (Rp)', 'In-kind value per household per round (Rp)'], '3000000'),
			c('eligibility_rule', 'aturan_kelayakan', { t: 'text', max: 4000 }, true, ['Aturan kelayakan sebagai JSON, mis. {"register":"p3ke"}', 'Eligibility rule as JSON, e.g. {"register":"p3ke"}'], '{"register":"p3ke"}'),
			c('basis', 'dasar', { t: 'text' }, false, ['Dasar hukum', 'Legal basis'], 'Inpres 4/2022')
		]
	},
	distributions: {
		kind: 'distributions',
		label: both(m.import_kind_distributions),
		key: ['programme_code', 'period', 'round', 'kk'],
		columns: [
			c('programme_code', 'kode_program', { t: 'code' }, true, ['Kode program yang sudah diimpor', 'Code of an imported programme'], 'KKR-SEMBAKO'),
			PERIOD,
			c('round', 'tahap', { t: 'int', min: 1, max: 24 }, true, ['Tahap penyaluran', 'Delivery round'], '1'),
			c('kk', 'no_kk', { t: 'kk' }, true, ['Nomor Kartu Keluarga penerima, 16 digit teks', 'Recipient family card number, 16 digits as text'], '6402130101150001'),
			c('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, ['Kode desa penerima', 'Recipient village code'], '64.02.13.1008'),
			c('status', 'status', { t: 'enum', values: STATUSES }, true, ['Tahap terakhir: proposed, verified, eligible, delivered, receipt_signed', 'Furthest stage: proposed, verified, eligible, delivered, receipt_signed'], 'delivered'),
			c('amount_rp', 'nilai_rp', { t: 'int', min: 0, max: 1e10 }, true, ['Nilai diterima (Rp)', 'Amount received (Rp)'], '250000'),
			c('delivered_date', 'tanggal_terima', { t: 'date' }, false, ['Tanggal diterima (YYYY-MM-DD)', 'Date received (YYYY-MM-DD)'], '2024-11-15'),
			c('drop_reason', 'alasan_batal', { t: 'text' }, false, ['Alasan tidak lanjut', 'Reason for dropping out'], '')
		]
	},
	child_growth: {
		kind: 'child_growth',
		label: both(m.import_kind_child_growth),
		key: ['village_code', 'period', 'round_month'],
		columns: [
			c('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, ['Kode desa', 'Village code'], '64.02.13.1008'),
			PERIOD,
			c('round_month', 'bulan_penimbangan', { t: 'int', min: 1, max: 12 }, true, ['Bulan penimbangan (2 = Februari, 8 = Agustus)', 'Weighing month (2 = February, 8 = August)'], '8'),
			c('measured', 'diukur', { t: 'int', min: 0, max: 1e6 }, true, ['Balita diukur', 'Under-fives measured'], '120'),
			c('stunted', 'stunting', { t: 'int', min: 0, max: 1e6 }, true, ['Balita stunting (≤ diukur)', 'Stunted (≤ measured)'], '9'),
			c('wasted', 'wasting', { t: 'int', min: 0, max: 1e6 }, false, ['Balita wasting', 'Wasted'], '3', '0'),
			c('underweight', 'berat_kurang', { t: 'int', min: 0, max: 1e6 }, false, ['Balita berat badan kurang', 'Underweight'], '7', '0')
		]
	},
	children: {
		kind: 'children',
		label: both(m.import_kind_children),
		key: ['child_nik', 'period', 'round_month'],
		columns: [
			c('child_nik', 'nik_anak', { t: 'nik' }, true, ['NIK anak, 16 digit teks → HMAC', 'Child NIK, 16 digits as text → HMAC'], '6402134107220001'),
			c('kk', 'no_kk', { t: 'kk' }, false, ['Nomor KK keluarga anak (menghubungkan ke register)', 'Family card number of the child (links to the registers)'], '6402130101150001'),
			c('parent_nik', 'nik_ortu', { t: 'nik' }, false, ['NIK orang tua (menghubungkan bila KK kosong)', 'Parent NIK (links when the KK is empty)'], ''),
			c('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, ['Kode desa', 'Village code'], '64.02.13.1008'),
			c('measured_date', 'tanggal_ukur', { t: 'date' }, false, ['Tanggal pengukuran (mengisi periode dan bulan bila kosong)', 'Measurement date (fills period and month when empty)'], '2024-08-12'),
			PERIOD,
			c('round_month', 'bulan_penimbangan', { t: 'int', min: 1, max: 12 }, true, ['Bulan penimbangan (2 = Februari, 8 = Agustus)', 'Weighing month (2 = February, 8 = August)'], '8'),
			c('height_for_age', 'tb_u', { t: 'enum', values: HEIGHT_FOR_AGE }, true, ['Status TB/U: sangat pendek, pendek, normal, tinggi', 'Height-for-age: severely stunted, stunted, normal, tall'], 'Pendek'),
			c('weight_for_height', 'bb_tb', { t: 'enum', values: WEIGHT_FOR_HEIGHT }, false, ['Status BB/TB: gizi buruk, gizi kurang, gizi baik, …', 'Weight-for-height: severely wasted, wasted, normal, …'], 'Gizi Baik'),
			c('weight_for_age', 'bb_u', { t: 'enum', values: WEIGHT_FOR_AGE }, false, ['Status BB/U: berat badan sangat kurang, kurang, normal, …', 'Weight-for-age: severely underweight, underweight, normal, …'], 'Berat Badan Normal')
		]
	},
	official_indicators: {
		kind: 'official_indicators',
		label: both(m.import_kind_official_indicators),
		key: ['region_code', 'indicator', 'period'],
		columns: [
			c('region_code', 'kode_wilayah', { t: 'region', levels: ['country', 'province', 'regency'] }, true, ['Kode wilayah: ID, provinsi atau kabupaten/kota', 'Region code: ID, province or regency'], '64.02'),
			c('indicator', 'indikator', { t: 'enum', values: OFFICIAL_INDICATORS }, true, [`Salah satu: ${OFFICIAL_INDICATORS.join(', ')}`, `One of: ${OFFICIAL_INDICATORS.join(', ')}`], 'poverty_rate'),
			PERIOD,
			c('value', 'nilai', { t: 'number', min: 0, max: 1e12 }, true, ['Nilai; persentase 0–100 untuk angka (rate/prevalensi)', 'Value; percentages 0–100 for rates and prevalences'], '7,28'),
			c('ci_lower', 'batas_bawah', { t: 'number', min: 0, max: 1e12 }, false, ['Batas bawah selang kepercayaan', 'Confidence interval lower bound'], ''),
			c('ci_upper', 'batas_atas', { t: 'number', min: 0, max: 1e12 }, false, ['Batas atas selang kepercayaan', 'Confidence interval upper bound'], ''),
			c('source', 'sumber', { t: 'text' }, true, ['Sumber, mis. BPS, Susenas Maret', 'Source, e.g. BPS, Susenas Maret'], 'BPS, Susenas Maret'),
			c('method', 'metode', { t: 'text' }, true, ['Metode', 'Method'], 'Garis kemiskinan BPS (kebutuhan dasar)'),
			c('method_since', 'metode_sejak', { t: 'period' }, false, ['Tahun metode ini mulai berlaku, bila berbeda dari seri sebelumnya (perubahan metode); kosong = metode seri tetap', 'Year this method starts, when it differs from the series so far (a method change); empty = the series keeps its method'], '')
		]
	},
	targets: {
		kind: 'targets',
		label: both(m.import_kind_targets),
		key: ['region_code', 'indicator', 'adopted'],
		columns: [
			c('region_code', 'kode_wilayah', { t: 'region', levels: ['country', 'province', 'regency', 'district', 'village'] }, true, ['Kode wilayah', 'Region code'], '64.02'),
			c('indicator', 'indikator', { t: 'enum', values: OFFICIAL_INDICATORS }, true, ['Indikator', 'Indicator'], 'extreme_poverty_rate'),
			c('value_min', 'nilai_min', { t: 'number', min: 0, max: 100 }, true, ['Target bawah (%)', 'Target lower bound (%)'], '0'),
			c('value_max', 'nilai_maks', { t: 'number', min: 0, max: 100 }, true, ['Target atas (%)', 'Target upper bound (%)'], '0,5'),
			c('deadline', 'tenggat', { t: 'date' }, true, ['Tenggat (YYYY-MM-DD)', 'Deadline (YYYY-MM-DD)'], '2026-12-31'),
			c('basis', 'dasar_hukum', { t: 'text' }, true, ['Dasar hukum', 'Legal basis'], 'Inpres 8/2025'),
			c('adopted', 'tanggal_ditetapkan', { t: 'date' }, true, ['Tanggal ditetapkan', 'Date adopted'], '2025-05-01')
		]
	},
	verifications: {
		kind: 'verifications',
		label: both(m.import_kind_verifications),
		key: ['programme_code', 'period', 'ref'],
		columns: [
			form('ref', 'ref_rumah_tangga', { t: 'ref' }, true, ['Ref rumah tangga', 'Household ref'], ['Referensi rumah tangga dari formulir (mis. A3F9-2C1B)', 'Household reference from the form (e.g. A3F9-2C1B)'], 'A3F9-2C1B'),
			form('village_code', 'kode_desa', { t: 'region', levels: ['village'] }, true, ['Kode desa', 'Village code'], ['Kode desa rumah tangga', 'The household’s village code'], '63.02.01.2001'),
			form('programme_code', 'kode_program', { t: 'code' }, true, ['Kode program', 'Programme code'], ['Program yang diverifikasi', 'Programme verified for'], 'KTB-PANGAN-2024'),
			{ ...PERIOD, header: both(m.period) },
			form('head_name', 'nama_kepala_keluarga', { t: 'name' }, false, ['Nama kepala keluarga', 'Head of household'], ['Dari formulir; tidak diimpor', 'From the form; not imported'], 'Siti Aminah'),
			form('village_name', 'desa', { t: 'text' }, false, ['Desa', 'Village'], ['Dari formulir; tidak diimpor', 'From the form; not imported'], 'Semaras'),
			form('address', 'alamat', { t: 'name' }, false, ['Alamat', 'Address'], ['Dari formulir; tidak diimpor', 'From the form; not imported'], 'Jl. Pantai 12'),
			form('dusun', 'dusun', { t: 'name' }, false, ['Dusun', 'Hamlet'], ['Dari formulir; tidak diimpor', 'From the form; not imported'], 'Dusun II'),
			form('rt', 'rt', { t: 'name' }, false, ['RT', 'RT'], ['Dari formulir; tidak diimpor', 'From the form; not imported'], '003'),
			form('rw', 'rw', { t: 'name' }, false, ['RW', 'RW'], ['Dari formulir; tidak diimpor', 'From the form; not imported'], '001'),
			form('registers', 'daftar', { t: 'text' }, false, ['Daftar', 'On registers'], ['Register yang memuat rumah tangga; tidak diimpor', 'Registers holding the household; not imported'], 'DTKS, P3KE'),
			form('programmes_reached', 'program_diterima', { t: 'text' }, false, ['Program diterima', 'Programmes received'], ['Program yang menjangkaunya; tidak diimpor', 'Programmes that reached it; not imported'], 'PKH-2024'),
			form('found', 'ditemukan', { t: 'bool' }, false, ['Ditemukan (ya/tidak)', 'Found (yes/no)'], ['Rumah tangga ditemukan di alamatnya; kosong = belum dikunjungi (baris dilewati)', 'Household found at its address; empty = not visited (row skipped)'], 'ya'),
			form('eligible', 'layak', { t: 'bool' }, false, ['Layak (ya/tidak)', 'Eligible (yes/no)'], ['Masih layak menerima program; wajib bila ditemukan', 'Still eligible for the programme; required when found'], 'ya'),
			form('reason', 'alasan', { t: 'choice', values: vervalChoices() }, false, ['Alasan', 'Reason'], [`Wajib bila tidak ditemukan atau tidak layak: ${VERVAL_REASONS.join(', ')} (atau kata-katanya)`, `Required when not found or not eligible: ${VERVAL_REASONS.join(', ')} (or their words)`], ''),
			form('note', 'catatan', { t: 'text', max: 500 }, false, ['Catatan', 'Note'], ['Keterangan bebas; wajib untuk alasan "lainnya"', 'Free text; required for the reason "other"'], ''),
			form('officer', 'petugas', { t: 'name' }, false, ['Petugas', 'Officer'], ['Nama petugas verifikasi; wajib bila dikunjungi', 'Name of the verifying officer; required when visited'], 'Budi Santoso'),
			form('verified_date', 'tanggal_verifikasi', { t: 'date' }, false, ['Tanggal verifikasi', 'Date checked'], ['Tanggal kunjungan (YYYY-MM-DD); wajib bila dikunjungi', 'Date of the visit (YYYY-MM-DD); required when visited'], '2024-12-10')
		]
	},
	region_crosswalk: {
		kind: 'region_crosswalk',
		label: both(m.import_kind_region_crosswalk),
		key: ['from_code', 'valid_from'],
		columns: [
			c('from_code', 'kode_asal', { t: 'code' }, true, ['Kode lama Kemendagri atau kode BPS', 'Old Kemendagri code or BPS code'], '6402130008'),
			c('system', 'sistem', { t: 'enum', values: ['kemendagri', 'bps'] }, true, ['kemendagri (kode lama) atau bps', 'kemendagri (old code) or bps'], 'bps'),
			c('to_code', 'kode_baru', { t: 'region', levels: ['province', 'regency', 'district', 'village'] }, true, ['Kode Kemendagri yang berlaku', 'Current Kemendagri code'], '64.02.13.1008'),
			c('valid_from', 'berlaku_dari', { t: 'date' }, true, ['Berlaku sejak', 'Valid from'], '2000-01-01'),
			c('valid_to', 'berlaku_sampai', { t: 'date' }, false, ['Berlaku sampai (kosong = masih berlaku)', 'Valid until (empty = still valid)'], ''),
			c('basis', 'dasar', { t: 'text' }, false, ['Dasar, mis. Kepmendagri', 'Basis, e.g. a Kepmendagri decree'], 'Kepmendagri 300.2.2-2138/2025')
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
