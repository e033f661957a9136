import { SHOWN } from './limits';

/** Every problem an import can report, in Indonesian and English; docs/import.md lists the same table. */
export const ERRORS = {
	HMAC_KEY_MISSING: {
		id: 'Kunci HMAC tidak ada: setel TEPAT_HMAC_KEY (≥ 32 karakter) atau TEPAT_HMAC_KEY_FILE ke berkas di luar folder data.',
		en: 'No HMAC key: set TEPAT_HMAC_KEY (≥ 32 characters) or TEPAT_HMAC_KEY_FILE to a file outside the data folder.'
	},
	HMAC_KEY_IN_DATA: {
		id: 'Berkas kunci HMAC berada di dalam folder data; simpan di luar folder data.',
		en: 'The HMAC key file is inside the data folder; keep it outside.'
	},
	HMAC_KEY_CHANGED: {
		id: 'Kunci HMAC berbeda dari kunci snapshot saat ini; ID rumah tangga tidak akan cocok.',
		en: 'The HMAC key differs from the one the current snapshot was built with; household ids would not link.'
	},
	BAD_FILE_NAME: {
		id: 'Nama berkas tidak diizinkan (hanya huruf, angka, spasi, _ . - dan akhiran .csv, .xlsx atau .parquet; tanpa folder).',
		en: 'File name not allowed (letters, digits, spaces, _ . - only, ending .csv, .xlsx or .parquet; no folders).'
	},
	BAD_KIND: { id: 'Jenis impor tidak dikenal.', en: 'Unknown import kind.' },
	REGISTER_REQUIRED: {
		id: 'Impor rumah tangga memerlukan register: dtks, p3ke, dtsen atau krs.',
		en: 'A household import needs a register: dtks, p3ke, dtsen or krs.'
	},
	IMPORT_BUSY: {
		id: 'Impor, pemeriksaan atau rollback lain masih berjalan setelah ditunggu; tidak ada yang dipublikasikan. Coba lagi nanti.',
		en: 'Another import, check or rollback was still running after the wait; nothing was published. Try again later.'
	},
	LOCK_LOST: {
		id: 'Kunci publikasi diambil alih proses lain (proses ini terhenti terlalu lama); tidak ada yang dipublikasikan. Coba lagi.',
		en: 'Another process took the publish lock over (this one stalled too long); nothing was published. Try again.'
	},
	BAD_SCOPE: { id: 'Cakupan wilayah pengimpor bukan kode Kemendagri (ID, 64, 64.02, …).', en: 'The importer’s scope is not a Kemendagri code (ID, 64, 64.02, …).' },
	BAD_REPLACE_SCOPE: {
		id: 'Cakupan penggantian bukan kode wilayah Kemendagri yang dikenal (ID, 64, 64.02, …).',
		en: 'The replacement scope is not a known Kemendagri region code (ID, 64, 64.02, …).'
	},
	REPLACE_SCOPE_OUTSIDE: {
		id: 'Cakupan penggantian berada di luar wilayah akun Anda; Anda hanya dapat mengganti data di dalam wilayah Anda.',
		en: 'The replacement scope lies outside your account’s region; you may replace data inside your region only.'
	},
	REPLACE_SCOPE_NOT_APPLICABLE: {
		id: 'Jenis data ini tidak memiliki wilayah per baris untuk cakupan penggantian; impor tanpa cakupan.',
		en: 'This kind of data has no region per row for a replacement scope; import it without one.'
	},
	FILE_NOT_FOUND: { id: 'Berkas tidak ditemukan atau tidak dapat dibuka (izin baca?).', en: 'The file does not exist or cannot be opened (read permission?).' },
	FILE_UNREADABLE: { id: 'Berkas tidak dapat dibaca (rusak atau bukan format yang disebut).', en: 'The file cannot be read (corrupt or not the format its name says).' },
	XLSX_TOO_LARGE: {
		id: `Berkas XLSX lebih besar dari batas ${SHOWN.xlsxBytes}; bagi berkasnya, atau simpan sebagai CSV.`,
		en: `The XLSX file is larger than the ${SHOWN.xlsxBytes} limit; split it, or save it as CSV.`
	},
	XLSX_UNCOMPRESSED_TOO_LARGE: {
		id: `Isi berkas XLSX setelah dibuka melebihi batas ${SHOWN.xlsxUncompressed} (mungkin bom zip); bagi berkasnya, atau simpan sebagai CSV.`,
		en: `The XLSX file's contents exceed the ${SHOWN.xlsxUncompressed} limit once unpacked (possibly a zip bomb); split it, or save it as CSV.`
	},
	XLSX_TOO_MANY_ROWS: {
		id: `Lembar XLSX berisi lebih dari ${SHOWN.xlsxRows} baris; bagi berkasnya, atau simpan sebagai CSV.`,
		en: `An XLSX sheet holds more than ${SHOWN.xlsxRows} rows; split the file, or save it as CSV.`
	},
	XLSX_INCONSISTENT: {
		id: 'Struktur zip berkas XLSX tidak konsisten (ukuran atau susunan yang dinyatakan tidak sesuai isinya); simpan ulang dari aplikasi spreadsheet.',
		en: 'The XLSX file’s zip structure is inconsistent (declared sizes or layout do not match its contents); save it again from the spreadsheet application.'
	},
	TOO_MANY_COLUMNS: { id: `Berkas memiliki lebih dari ${SHOWN.columns} kolom.`, en: `The file has more than ${SHOWN.columns} columns.` },
	FILE_TOO_LARGE: { id: `Berkas lebih besar dari batas ${SHOWN.tabularBytes}; bagi berkasnya.`, en: `The file is larger than the ${SHOWN.tabularBytes} limit; split it.` },
	TOO_MANY_ROWS: { id: `Berkas berisi lebih dari ${SHOWN.rows} baris; bagi berkasnya.`, en: `The file holds more than ${SHOWN.rows} rows; split it.` },
	CSV_MALFORMED: { id: 'Baris CSV tidak sesuai jumlah kolom header.', en: 'A CSV line does not have the header’s number of fields.' },
	EMPTY_FILE: { id: 'Berkas tidak berisi baris data.', en: 'The file holds no data rows.' },
	MISSING_COLUMN: { id: 'Kolom wajib tidak ada.', en: 'A required column is missing.' },
	UNKNOWN_COLUMN: {
		id: 'Kolom tidak dikenal: pilih kolom tujuannya (atau abaikan) pada langkah pemetaan, dengan --mapping atau profil; nilai = kolom terdekat.',
		en: 'Unknown column: choose its field (or ignore it) on the mapping step, with --mapping or a profile; value = the closest fields.'
	},
	BAD_MAPPING: {
		id: 'Pemetaan kolom tidak sah (JSON {"columns": {"judul kolom": "kolom"}, "constants": {"kolom": "nilai"}}, kolom tujuan yang dikenal; tanpa nilai tetap untuk NIK, KK atau nama).',
		en: 'Invalid column mapping (JSON {"columns": {"header": "field"}, "constants": {"field": "value"}}, known fields; no constant for NIK, KK or names).'
	},
	BAD_PROFILE_NAME: {
		id: 'Nama profil hanya boleh huruf, angka, spasi, _ . - (1–60 karakter).',
		en: 'A profile name may hold letters, digits, spaces, _ . - only (1–60 characters).'
	},
	PROFILE_NOT_FOUND: { id: 'Profil pemetaan tidak ditemukan untuk jenis data ini.', en: 'No mapping profile of that name for this kind of data.' },
	BAD_METHOD_CHANGE: {
		id: 'Perubahan metode harus ditulis wilayah:indikator:tahun, mis. 64.02:poverty_rate:2024.',
		en: 'A method change is written region:indicator:year, e.g. 64.02:poverty_rate:2024.'
	},
	CANCELLED: { id: 'Dibatalkan oleh pengguna; tidak ada yang dipublikasikan dan berkas sementara dihapus.', en: 'Cancelled by the user; nothing was published and temporary files were removed.' },
	DUPLICATE_COLUMN: { id: 'Kolom muncul dua kali.', en: 'A column appears twice.' },
	REQUIRED: { id: 'Nilai wajib kosong.', en: 'A required value is empty.' },
	NOT_INTEGER: { id: 'Bukan bilangan bulat.', en: 'Not a whole number.' },
	NOT_NUMBER: { id: 'Bukan angka.', en: 'Not a number.' },
	OUT_OF_RANGE: { id: 'Nilai di luar rentang yang diizinkan.', en: 'Value outside the allowed range.' },
	RATE_OUT_OF_RANGE: { id: 'Persentase harus 0–100.', en: 'A percentage must lie in 0–100.' },
	NOT_BOOLEAN: { id: 'Harus ya/tidak, 1/0 atau true/false.', en: 'Must be yes/no, 1/0 or true/false.' },
	NOT_DATE: { id: 'Bukan tanggal (YYYY-MM-DD atau DD/MM/YYYY).', en: 'Not a date (YYYY-MM-DD or DD/MM/YYYY).' },
	BAD_PERIOD: { id: 'Periode harus tahun 2000–2100.', en: 'The period must be a year 2000–2100.' },
	BAD_CODE: { id: 'Kode hanya boleh huruf, angka, _ . -', en: 'A code may hold letters, digits, _ . - only.' },
	BAD_ENUM: { id: 'Nilai tidak ada dalam daftar yang diizinkan.', en: 'Value not in the allowed list.' },
	TEXT_TOO_LONG: { id: 'Teks terlalu panjang.', en: 'Text too long.' },
	FORMULA_INJECTION: {
		id: 'Sel diawali =, +, -, @ atau karakter kontrol dan bisa dijalankan sebagai rumus spreadsheet; hapus karakter itu.',
		en: 'The cell starts with =, +, -, @ or a control character and could run as a spreadsheet formula; remove it.'
	},
	UNKNOWN_REGION: {
		id: 'Kode wilayah tidak dikenal pada periode data dan tidak ada dalam tabel padanan kode.',
		en: 'Region code unknown at the data’s period and not in the code crosswalk.'
	},
	OUTSIDE_SCOPE: {
		id: 'Wilayah baris ini berada di luar wilayah akun Anda, atau di luar wilayah formulir verifikasi yang diunggah; Anda hanya dapat mengimpor data di dalam wilayah itu.',
		en: 'This row’s region lies outside your account’s region, or outside that of the verification form uploaded; you may import data inside it only.'
	},
	REGION_NAME_UNKNOWN: {
		id: 'Nama desa/kecamatan/kabupaten/provinsi tidak ditemukan di daftar wilayah Kemendagri; isi kode desa atau perbaiki namanya.',
		en: 'The village/district/regency/province names are not in the Kemendagri region list; give the village code or correct the names.'
	},
	REGION_NAME_AMBIGUOUS: {
		id: 'Nama wilayah cocok dengan lebih dari satu desa (nilai = kode-kodenya); tambahkan kolom kecamatan/kabupaten atau isi kode desa.',
		en: 'The region names match more than one village (value = their codes); add the district/regency column or give the village code.'
	},
	WRONG_REGION_LEVEL: { id: 'Kode wilayah pada tingkat yang salah untuk kolom ini.', en: 'Region code at the wrong level for this column.' },
	ID_SCIENTIFIC: {
		id: 'Nomor ditulis dalam notasi ilmiah (mis. 6.40213E+15): spreadsheet telah menghilangkan digit. Format kolom sebagai Teks dan isi ulang dari sumber.',
		en: 'Number in scientific notation (e.g. 6.40213E+15): the spreadsheet dropped digits. Format the column as Text and re-enter it from the source.'
	},
	ID_LOST_PRECISION: {
		id: 'Nomor berakhir 0000 atau desimal: spreadsheet kemungkinan membulatkan digit terakhir (hanya 15 digit yang disimpan). Format kolom sebagai Teks dan isi ulang.',
		en: 'Number ends in 0000 or has decimals: a spreadsheet probably rounded the last digits (it keeps only 15). Format the column as Text and re-enter it.'
	},
	ID_NOT_16_DIGITS: { id: 'NIK/KK harus tepat 16 digit.', en: 'A NIK/KK must be exactly 16 digits.' },
	ID_BAD_REGION: { id: 'Enam digit pertama NIK/KK bukan kode kabupaten/kota dan kecamatan yang dikenal.', en: 'The first six digits of the NIK/KK are not a known regency and district.' },
	ID_BAD_DATE: {
		id: 'Digit 7–12 NIK/KK bukan tanggal yang sah (DDMMYY; NIK perempuan: tanggal + 40).',
		en: 'Digits 7–12 of the NIK/KK are not a valid date (DDMMYY; for women the NIK adds 40 to the day).'
	},
	DUPLICATE_IN_FILE: { id: 'Baris ganda dalam berkas (kunci sama dengan baris sebelumnya).', en: 'Duplicate row in the file (same key as an earlier row).' },
	DUPLICATE_IN_SNAPSHOT: {
		id: 'Snapshot sudah memuat data dengan kunci yang sama dari sumber lain (nilai = angka dan sumber yang tersimpan). Untuk menggantinya: tambahkan --replace pada perintah impor, atau centang “Ganti angka resmi dari sumber lain” di halaman unggah.',
		en: 'The snapshot already holds this key from another source (value = the stored figure and source). To replace them: add --replace to the import command, or tick “Replace official figures from another source” on the upload page.'
	},
	HOUSEHOLD_OTHER_VILLAGE: {
		id: 'Rumah tangga (KK) ini tercatat di desa lain pada periode yang sama di register lain.',
		en: 'This household (KK) is recorded in another village in the same period by another register.'
	},
	UNKNOWN_PROGRAMME: { id: 'Kode program belum diimpor.', en: 'Programme code not imported yet.' },
	BAD_RULE: { id: 'Aturan kelayakan bukan JSON aturan yang sah.', en: 'The eligibility rule is not a valid rule JSON.' },
	STUNTED_GT_MEASURED: { id: 'Jumlah stunting/wasting/berat kurang melebihi jumlah diukur.', en: 'Stunted, wasted or underweight exceeds measured.' },
	MIN_GT_MAX: { id: 'Batas bawah lebih besar dari batas atas.', en: 'Lower bound exceeds upper bound.' },
	PERIOD_MISMATCH: { id: 'Tanggal di luar periode baris.', en: 'Date outside the row’s period.' },
	BAD_REF: {
		id: 'Ref rumah tangga harus seperti pada formulir: 8 digit heksadesimal atau lebih, boleh dengan tanda hubung (mis. A3F9-2C1B).',
		en: 'A household ref must be as on the form: 8 or more hexadecimal digits, dashes allowed (e.g. A3F9-2C1B).'
	},
	UNKNOWN_HOUSEHOLD: {
		id: 'Tidak ada rumah tangga dengan ref ini di desa dan periode baris ini (hanya rumah tangga wilayah formulir yang dapat diverifikasi).',
		en: 'No household with this ref in the row’s village and period (only households of the form’s region can be verified).'
	},
	AMBIGUOUS_REF: {
		id: 'Ref ini cocok dengan lebih dari satu rumah tangga di desa ini; salin ref lengkap dari formulir.',
		en: 'This ref matches more than one household in the village; copy the full ref from the form.'
	},
	PROGRAMME_PERIOD: { id: 'Periode baris bukan periode program ini.', en: 'The row’s period is not the programme’s period.' },
	VERVAL_INCOMPLETE: {
		id: 'Hasil kunjungan tidak lengkap: isi Ditemukan, Layak (bila ditemukan), Petugas dan Tanggal, atau kosongkan semua kolom hasil bila belum dikunjungi.',
		en: 'Incomplete visit: fill in Found, Eligible (when found), Officer and Date, or leave every result column empty when not visited yet.'
	},
	VERVAL_CONFLICT: { id: 'Rumah tangga tidak ditemukan tetapi ditandai layak.', en: 'The household was not found but is marked eligible.' },
	REASON_REQUIRED: {
		id: 'Pilih alasan dari daftar bila rumah tangga tidak ditemukan atau tidak layak.',
		en: 'Choose a reason from the list when the household was not found or is not eligible.'
	},
	NOTE_REQUIRED: { id: 'Alasan "lainnya" memerlukan catatan.', en: 'The reason "other" needs a note.' },
	DATE_IN_FUTURE: { id: 'Tanggal verifikasi belum lewat.', en: 'The verification date lies in the future.' }
} as const satisfies Record<string, { id: string; en: string }>;

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
