/**
 * Headers of the files people actually have — P3KE, DTKS/SIKS-NG and DTSEN exports, SIGA (KRS) lists,
 * e-PPGBM exports, BAST/distribution lists and BPS tables — per field. Matching compares `headerKey`s,
 * so case, spacing, punctuation and accents never matter ("No. KK" = "NO_KK" = "nokk"); Indonesian
 * and English names are both listed. A field's own Indonesian and English names (kinds.ts) always
 * match too. docs/import.md shows this table.
 */

/** Extra columns a native export carries: used to derive a field (region names), kept restricted (address) or ignored. */
export const EXTRA_FIELDS = ['province_name', 'regency_name', 'district_name', 'village_name', 'address', 'dusun', 'rt', 'rw'] as const;
export type ExtraField = (typeof EXTRA_FIELDS)[number];
export const IGNORE = 'ignore';

/** Compares headers: accents stripped, lower case, every run of non-letters/digits removed. */
export function headerKey(header: string): string {
	return header
		.replace(/^\uFEFF/, '')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

/** Synonyms per field name; only the fields of the kind being imported are candidates. */
export const FIELD_SYNONYMS: Record<string, readonly string[]> = {
	kk: ['No. KK', 'No KK', 'Nomor KK', 'Nomor Kartu Keluarga', 'NOKK', 'KK', 'No. Kartu Keluarga', 'No KK KPM', 'Family card number', 'Family card'],
	head_nik: ['NIK', 'NIK Kepala Keluarga', 'NIK KK', 'NIK KRT', 'NIK Kepala Rumah Tangga', 'NIK Kepala', 'NIK KPM', 'NIK Penerima', 'Head NIK', 'NIK of head'],
	head_name: ['Nama Kepala Keluarga', 'Nama KK', 'Nama KRT', 'Nama Kepala Rumah Tangga', 'Nama', 'Nama KPM', 'Nama Penerima', 'Head name', 'Name'],
	village_code: [
		'Kode Kemendagri',
		'Kode Desa',
		'Kode Desa/Kelurahan',
		'Kode Kelurahan',
		'Kode Wilayah',
		'Kode Wilayah Desa',
		'Kode Desa Kemendagri',
		'Kode BPS',
		'Kode Desa BPS',
		'Kode Wilayah BPS',
		'ID Desa',
		'KDDESA_FULL',
		'region_code',
		'Village code',
		'Village ID'
	],
	period: ['Periode', 'Tahun', 'Tahun Data', 'Tahun Pendataan', 'Year', 'Period', 'Thn'],
	decile: ['Desil', 'Desil Kesejahteraan', 'Desil Nasional', 'Peringkat Desil', 'Status Kesejahteraan', 'Desil DTSEN', 'Welfare decile', 'Decile'],
	extreme_poor: ['Miskin Ekstrem', 'Kemiskinan Ekstrem', 'Status Miskin Ekstrem', 'Extreme poor', 'Extreme poverty'],
	members: ['Jumlah Anggota Keluarga', 'Jumlah Anggota Rumah Tangga', 'Jumlah ART', 'Jml ART', 'Jumlah Anggota', 'Jumlah Jiwa', 'Jml Jiwa', 'Jumlah Jiwa Dalam Keluarga', 'Household size', 'Members'],
	under_five: ['Balita', 'Jumlah Balita', 'Jml Balita', 'Anak Balita', 'Under five', 'Under fives', 'Children under five'],
	pregnant: ['Ibu Hamil', 'Jumlah Ibu Hamil', 'PUS Hamil', 'Bumil', 'Pregnant', 'Pregnant women'],
	elderly: ['Lansia', 'Jumlah Lansia', 'Jml Lansia', 'Elderly'],
	disabled: ['Disabilitas', 'Penyandang Disabilitas', 'Jumlah Disabilitas', 'Jumlah Penyandang Disabilitas', 'Disabled', 'Disability'],
	housing_unfit: ['Rumah Tidak Layak Huni', 'RTLH', 'Rumah Tidak Layak', 'Tidak Layak Huni', 'Unfit housing'],
	head_informal_work: ['Pekerjaan Informal', 'Kepala Keluarga Bekerja Informal', 'KRT Bekerja Informal', 'Bekerja Sektor Informal', 'Informal work'],
	low_consumption: ['Konsumsi Rendah', 'Konsumsi Dasar Rendah', 'Tidak Mampu Memenuhi Kebutuhan Dasar', 'Low consumption'],
	no_safe_water: ['Tanpa Air Layak', 'Sumber Air Minum Tidak Layak', 'Air Minum Tidak Layak', 'Tidak Ada Air Minum Layak', 'Tanpa Air Minum Layak', 'No safe water', 'Unsafe drinking water'],
	no_sanitation: ['Tanpa Sanitasi', 'Jamban Tidak Layak', 'Tidak Punya Jamban', 'Tanpa Jamban', 'Sanitasi Tidak Layak', 'No sanitation', 'No latrine'],
	no_health_access: ['Tanpa Akses Kesehatan', 'Tidak Ada Akses Kesehatan', 'Tanpa Jaminan Kesehatan', 'No health access'],
	// Programme lists
	code: ['Kode Program', 'Kode Bantuan', 'Programme code'],
	name_id: ['Nama Program', 'Nama Bantuan', 'Nama Kegiatan', 'Programme name'],
	name_en: ['Nama Program (Inggris)', 'Nama Program Inggris', 'Programme name (English)', 'English name'],
	agency: ['Instansi', 'OPD', 'Dinas', 'Perangkat Daerah', 'Pelaksana', 'Agency'],
	unit_value_rp: ['Nilai Satuan', 'Nilai Satuan (Rp)', 'Nilai per Paket', 'Harga Paket', 'Unit value'],
	items: ['Isi Paket', 'Isi', 'Komponen', 'Komponen Paket', 'Items'],
	channel: ['Saluran', 'Saluran Penyaluran', 'Mekanisme Penyaluran', 'Channel'],
	funder: ['Pendana', 'Sumber Dana', 'Sumber Anggaran', 'Funder', 'Funding'],
	months: ['Lama (bulan)', 'Lama Program', 'Jumlah Bulan', 'Durasi (bulan)', 'Months'],
	start_month: ['Bulan Mulai', 'Bulan Tahap Pertama', 'Mulai Bulan', 'Start month'],
	rounds: ['Jumlah Tahap', 'Jumlah Termin', 'Tahap Penyaluran', 'Rounds', 'Number of rounds'],
	round_months: ['Bulan per Tahap', 'Lama Tahap (bulan)', 'Jendela Tahap (bulan)', 'Months per round'],
	cash_per_round_rp: ['Tunai per Tahap', 'Tunai per Tahap (Rp)', 'Nilai Tunai per Tahap', 'Cash per round'],
	in_kind_per_round_rp: ['Barang per Tahap', 'Barang per Tahap (Rp)', 'Nilai Barang per Tahap', 'In-kind per round'],
	eligibility_rule: ['Aturan Kelayakan', 'Kriteria', 'Kriteria Penerima', 'Eligibility rule'],
	// Distributions (BAST / payment lists)
	programme_code: ['Kode Program', 'Program', 'Kode Bantuan', 'Jenis Bantuan', 'Programme', 'Program code'],
	round: ['Tahap', 'Tahap Penyaluran', 'Termin', 'Gelombang', 'Round', 'Stage'],
	status: ['Status', 'Status Penyaluran', 'Keterangan Penyaluran', 'Status Penerimaan', 'Delivery status'],
	amount_rp: ['Nilai', 'Nilai Rp', 'Nominal', 'Nominal Bantuan', 'Nilai Bantuan', 'Jumlah Bantuan', 'Jumlah Uang', 'Jumlah Diterima', 'Amount', 'Amount Rp'],
	delivered_date: ['Tanggal Terima', 'Tgl Terima', 'Tanggal Penyaluran', 'Tgl Penyaluran', 'Tanggal Salur', 'Tanggal BAST', 'Delivered date', 'Date received'],
	drop_reason: ['Alasan', 'Alasan Batal', 'Alasan Tidak Tersalur', 'Keterangan', 'Ket', 'Reason', 'Drop reason'],
	// e-PPGBM (village counts)
	round_month: ['Bulan', 'Bulan Penimbangan', 'Bulan Pengukuran', 'Bulan Ukur', 'Month', 'Weighing month'],
	measured: ['Diukur', 'Jumlah Balita Diukur', 'Balita Diukur', 'Jml Balita Diukur', 'Sasaran Diukur', 'Measured'],
	stunted: ['Stunting', 'Jumlah Balita Stunting', 'Balita Stunting', 'Balita Pendek', 'Pendek dan Sangat Pendek', 'Stunted'],
	wasted: ['Wasting', 'Jumlah Balita Wasting', 'Balita Wasting', 'Gizi Kurang dan Gizi Buruk', 'Wasted'],
	underweight: ['Berat Kurang', 'Balita Berat Badan Kurang', 'Underweight', 'BB Kurang', 'Jumlah Balita Underweight'],
	// e-PPGBM (by child)
	child_nik: ['NIK', 'NIK Anak', 'NIK Balita', 'Child NIK'],
	parent_nik: ['NIK Ortu', 'NIK Orang Tua', 'NIK Ibu', 'NIK Ayah', 'Parent NIK', 'Mother NIK'],
	measured_date: ['Tanggal Pengukuran', 'Tgl Pengukuran', 'Tanggal Ukur', 'Tgl Ukur', 'Tanggal Penimbangan', 'Measurement date'],
	height_for_age: ['TB/U', 'Status TB/U', 'Status TBU', 'Tinggi Badan Menurut Umur', 'Height for age'],
	weight_for_height: ['BB/TB', 'Status BB/TB', 'Berat Badan Menurut Tinggi Badan', 'Weight for height'],
	weight_for_age: ['BB/U', 'Status BB/U', 'Berat Badan Menurut Umur', 'Weight for age'],
	// BPS and Ministry of Health tables
	region_code: ['Kode Wilayah', 'Kode', 'Kode Kab/Kota', 'Kode Kabupaten/Kota', 'Kode Provinsi', 'Kode Daerah', 'Region code'],
	indicator: ['Indikator', 'Variabel', 'Indicator', 'Variable'],
	value: ['Nilai', 'Angka', 'Persentase', 'Data', 'Value', 'Figure'],
	ci_lower: ['Batas Bawah', 'Selang Kepercayaan Bawah', 'SK Bawah', 'Lower bound', 'CI lower'],
	ci_upper: ['Batas Atas', 'Selang Kepercayaan Atas', 'SK Atas', 'Upper bound', 'CI upper'],
	source: ['Sumber', 'Sumber Data', 'Source'],
	method: ['Metode', 'Metodologi', 'Catatan Metode', 'Method'],
	method_since: ['Metode Sejak', 'Metode Berlaku Sejak', 'Perubahan Metode Sejak', 'Method since', 'Method change from']
};

/** Synonyms of the extra columns (all kinds). */
export const EXTRA_SYNONYMS: Record<ExtraField, readonly string[]> = {
	province_name: ['Provinsi', 'Nama Provinsi', 'Prov', 'Propinsi', 'Province'],
	regency_name: ['Kabupaten', 'Kabupaten/Kota', 'Kab/Kota', 'Kota', 'Nama Kabupaten', 'Nama Kab/Kota', 'Kab', 'Wilayah', 'Regency', 'City'],
	district_name: ['Kecamatan', 'Nama Kecamatan', 'Kec', 'District'],
	village_name: ['Desa', 'Desa/Kelurahan', 'Kelurahan', 'Desa/Kel', 'Nama Desa', 'Nama Desa/Kelurahan', 'Kel/Desa', 'Village'],
	address: ['Alamat', 'Alamat Lengkap', 'Alamat KK', 'Jalan', 'Address'],
	dusun: ['Dusun', 'Lingkungan', 'Banjar', 'Dusun/Lingkungan', 'Hamlet'],
	rt: ['RT', 'No RT'],
	rw: ['RW', 'No RW']
};

/** Columns of native exports that Tepat does not keep: row numbers, person details, programme flags, ids of the source system. */
export const IGNORED_SYNONYMS: readonly string[] = [
	'No',
	'No.',
	'Nomor',
	'No Urut',
	'Nomor Urut',
	'#',
	'ID Keluarga P3KE',
	'ID Keluarga',
	'ID DTKS',
	'IDDTKS',
	'ID DTSEN',
	'ID ART',
	'ID Individu',
	'Jenis Kelamin',
	'JK',
	'L/P',
	'Sex',
	'Gender',
	'Tanggal Lahir',
	'Tgl Lahir',
	'Tempat Lahir',
	'Umur',
	'Usia',
	'Usia Saat Ukur',
	'Pekerjaan',
	'Hubungan Keluarga',
	'Hub Keluarga',
	'SHDK',
	'Status Perkawinan',
	'Pendidikan',
	'Nama Anak',
	'Nama Balita',
	'Nama Ortu',
	'Nama Orang Tua',
	'Nama Ibu',
	'Nama Istri',
	'Nama Suami',
	'Posyandu',
	'Puskesmas',
	'Pukesmas',
	'Berat',
	'Tinggi',
	'BB',
	'TB',
	'LiLA',
	'ZS BB/U',
	'ZS TB/U',
	'ZS BB/TB',
	'BB Lahir',
	'TB Lahir',
	'Naik Berat Badan',
	'Penerima BPNT',
	'Penerima PKH',
	'Penerima BST',
	'Penerima BPUM',
	'Penerima BLT',
	'Penerima BLT Dana Desa',
	'Penerima Prakerja',
	'Penerima KUR',
	'Penerima PBI',
	'PBI',
	'BPNT',
	'PKH',
	'Padan Dukcapil',
	'Status Padan',
	'Terlalu Muda',
	'Terlalu Tua',
	'Terlalu Dekat',
	'Terlalu Banyak',
	'Baduta',
	'PUS',
	'Status Risiko Stunting',
	'Berisiko Stunting',
	'Tanda Tangan',
	'TTD',
	'Paraf',
	'Foto',
	'Keterangan Lain',
	'Satuan',
	'Unit'
];

/**
 * Values of native exports read as the allowed ones: BAST statuses, e-PPGBM nutrition statuses,
 * BPS indicator titles. Keys are `headerKey`s of the value.
 */
export const VALUE_SYNONYMS: Record<string, Record<string, string>> = {
	status: {
		diusulkan: 'proposed',
		usulan: 'proposed',
		terverifikasi: 'verified',
		verifikasi: 'verified',
		layak: 'eligible',
		memenuhisyarat: 'eligible',
		tersalur: 'delivered',
		tersalurkan: 'delivered',
		diterima: 'delivered',
		sudahditerima: 'delivered',
		salur: 'delivered',
		sudahsalur: 'delivered',
		bastditandatangani: 'receipt_signed',
		sudahbast: 'receipt_signed',
		bast: 'receipt_signed',
		receiptsigned: 'receipt_signed'
	},
	height_for_age: { sangatpendek: 'severely_stunted', pendek: 'stunted', normal: 'normal', tinggi: 'tall', severelystunted: 'severely_stunted', stunted: 'stunted', tall: 'tall' },
	weight_for_height: {
		giziburuk: 'severely_wasted',
		gizikurang: 'wasted',
		gizibaik: 'normal',
		normal: 'normal',
		berisikogizilebih: 'risk_of_overweight',
		risikogizilebih: 'risk_of_overweight',
		gizilebih: 'overweight',
		obesitas: 'obese',
		severelywasted: 'severely_wasted',
		wasted: 'wasted',
		overweight: 'overweight',
		obese: 'obese'
	},
	weight_for_age: {
		beratbadansangatkurang: 'severely_underweight',
		bbsangatkurang: 'severely_underweight',
		sangatkurang: 'severely_underweight',
		beratbadankurang: 'underweight',
		bbkurang: 'underweight',
		kurang: 'underweight',
		beratbadannormal: 'normal',
		bbnormal: 'normal',
		normal: 'normal',
		risikoberatbadanlebih: 'risk_of_overweight',
		risikobblebih: 'risk_of_overweight',
		severelyunderweight: 'severely_underweight',
		underweight: 'underweight'
	},
	// A title in thousands ("ribu jiwa") is left unknown rather than read 1,000 times too small.
	indicator: {
		persentasependudukmiskin: 'poverty_rate',
		persentasependudukmiskinp0: 'poverty_rate',
		p0: 'poverty_rate',
		tingkatkemiskinan: 'poverty_rate',
		jumlahpendudukmiskin: 'poor_people',
		garismiskin: 'poverty_line',
		gariskemiskinan: 'poverty_line',
		gariskemiskinanrupiahkapitabulan: 'poverty_line',
		kemiskinanekstrem: 'extreme_poverty_rate',
		persentasependudukmiskinekstrem: 'extreme_poverty_rate',
		tingkatkemiskinanekstrem: 'extreme_poverty_rate',
		prevalensistunting: 'stunting_prevalence',
		prevalensibalitastunting: 'stunting_prevalence',
		stunting: 'stunting_prevalence'
	}
};
