import { formHeader, KIND_SPECS, type Kind } from './kinds';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';

/**
 * Small synthetic files per kind in the shape of the native exports (P3KE, BAST list, e-PPGBM,
 * BPS table…), so a newcomer can run check → map → publish → rollback on the demo. Every row is
 * generated from a fixed seed: numbers have the NIK/KK format (Samboja prefix 640213, a valid date)
 * with serials 98xx/99xx that mark them as made up; names are "Warga Contoh n". They fit the demo
 * snapshot: Samboja villages, demo programme codes, a 2025 poverty figure whose method wording
 * differs from the series' (a question in the check).
 */
export interface Sample {
	fileName: string;
	text: string;
	/** What the sample shows, for the page. */
	note: { id: string; en: string };
}

const VILLAGES = [
	{ code: '64.02.13.1008', name: 'Wonotirto' },
	{ code: '64.02.13.1009', name: 'Tanjung Harapan' },
	{ code: '64.02.13.1007', name: 'Sungai Seluang' },
	{ code: '64.02.13.1010', name: 'Samboja Kuala' }
];

/** A small deterministic generator (LCG), so the same sample comes out every time. */
function random(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const ddmmyy = (d: Date, plusDay = 0) => `${pad(d.getUTCDate() + plusDay)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCFullYear() % 100)}`;
const day = (y: number, doy: number) => new Date(Date.UTC(y, 0, 1 + doy));

/** Household i of the samples: KK, head NIK (a woman every third: day + 40), village. */
export function sampleHousehold(i: number) {
	const village = VILLAGES[i % VILLAGES.length] as (typeof VILLAGES)[number];
	const issued = day(2016, (i * 37) % 360);
	const born = day(1975 + (i % 20), (i * 53) % 360);
	return {
		kk: `640213${ddmmyy(issued)}${pad(9900 + i, 4)}`,
		nik: `640213${ddmmyy(born, i % 3 === 0 ? 40 : 0)}${pad(9900 + i, 4)}`,
		name: `Warga Contoh ${i + 1}`,
		village
	};
}

const HOUSEHOLDS = 24;
const csv = (rows: (string | number)[][], sep: ',' | ';') =>
	`${rows.map((r) => r.map((v) => (typeof v === 'string' && (v.includes(sep) || v.includes('"')) ? `"${v.replaceAll('"', '""')}"` : String(v))).join(sep)).join('\r\n')}\r\n`;

function p3ke(): string {
	const rnd = random(262);
	const rows: (string | number)[][] = [
		['No', 'ID Keluarga P3KE', 'Provinsi', 'Kabupaten/Kota', 'Kecamatan', 'Desa/Kelurahan', 'Kode Kemendagri', 'Alamat', 'No. KK', 'NIK Kepala Keluarga', 'Nama Kepala Keluarga', 'Jenis Kelamin', 'Desil Kesejahteraan', 'Jumlah Anggota Keluarga', 'Penerima BPNT', 'Penerima PKH', 'Rumah Tidak Layak Huni', 'Sumber Air Minum Tidak Layak']
	];
	for (let i = 0; i < HOUSEHOLDS; i++) {
		const h = sampleHousehold(i);
		rows.push([
			i + 1,
			`P3KE-CONTOH-${pad(i + 1, 4)}`,
			'KALIMANTAN TIMUR',
			'KAB. KUTAI KARTANEGARA',
			'SAMBOJA',
			h.village.name.toUpperCase(),
			h.village.code.replaceAll('.', ''),
			`Jl. Contoh No. ${i + 1}`,
			h.kk,
			h.nik,
			h.name,
			i % 3 === 0 ? 'P' : 'L',
			1 + Math.floor(rnd() * 4),
			2 + Math.floor(rnd() * 5),
			rnd() < 0.5 ? 'Ya' : 'Tidak',
			rnd() < 0.3 ? 'Ya' : 'Tidak',
			rnd() < 0.4 ? 'Ya' : 'Tidak',
			rnd() < 0.3 ? 'Ya' : 'Tidak'
		]);
	}
	return csv(rows, ',');
}

function bast(): string {
	const rows: (string | number)[][] = [['No', 'Kode Program', 'Tahun', 'Tahap', 'Nama KPM', 'NIK KPM', 'No KK', 'Alamat', 'Desa', 'Kecamatan', 'Nominal', 'Tanggal Penyaluran', 'Status']];
	for (let i = 0; i < 12; i++) {
		const h = sampleHousehold(i);
		const delivered = i % 4 !== 3;
		rows.push([i + 1, 'KKR-SEMBAKO-2023', 2023, 1, h.name, h.nik, h.kk, `Jl. Contoh No. ${i + 1}`, h.village.name, 'Samboja', '3.000.000', delivered ? `${pad(10 + (i % 15))}/11/2023` : '', delivered ? 'Tersalur' : 'Diusulkan']);
	}
	return csv(rows, ';');
}

function eppgbmChildren(): string {
	const rows: (string | number)[][] = [['No', 'NIK', 'Nama Anak', 'JK', 'Tgl Lahir', 'No KK', 'Nama Ortu', 'Prov', 'Kab/Kota', 'Kec', 'Desa/Kel', 'Posyandu', 'Tanggal Pengukuran', 'Berat', 'Tinggi', 'BB/U', 'TB/U', 'BB/TB']];
	const height = ['Normal', 'Pendek', 'Normal', 'Sangat Pendek', 'Normal', 'Normal'];
	const weight = ['Gizi Baik', 'Gizi Baik', 'Gizi Kurang', 'Gizi Baik', 'Gizi Baik', 'Gizi Buruk'];
	for (let i = 0; i < 18; i++) {
		const h = sampleHousehold(i);
		const born = day(2021 + (i % 3), (i * 41) % 360);
		const girl = i % 2 === 0;
		rows.push([
			i + 1,
			`640213${ddmmyy(born, girl ? 40 : 0)}${pad(9800 + i, 4)}`,
			`Anak Contoh ${i + 1}`,
			girl ? 'P' : 'L',
			`${pad(born.getUTCDate())}/${pad(born.getUTCMonth() + 1)}/${born.getUTCFullYear()}`,
			i % 6 === 5 ? '' : h.kk,
			h.name,
			'KALIMANTAN TIMUR',
			'KUTAI KARTANEGARA',
			'SAMBOJA',
			h.village.name,
			`Posyandu Contoh ${1 + (i % 3)}`,
			`${pad(5 + (i % 20))}/08/2024`,
			(8 + (i % 7)).toFixed(1),
			(70 + i).toFixed(1),
			i % 5 === 0 ? 'Berat Badan Kurang' : 'Berat Badan Normal',
			height[i % height.length] as string,
			weight[i % weight.length] as string
		]);
	}
	return csv(rows, ',');
}

function eppgbmVillages(): string {
	const rows: (string | number)[][] = [['Kode Desa', 'Desa/Kelurahan', 'Tahun', 'Bulan', 'Jumlah Balita Diukur', 'Jumlah Balita Stunting', 'Jumlah Balita Wasting', 'Balita Berat Badan Kurang']];
	VILLAGES.forEach((v, i) => rows.push([v.code, v.name, 2025, 2, 90 + 7 * i, 8 + i, 3, 6 + i]));
	return csv(rows, ',');
}

function bpsTable(): string {
	const source = 'BPS Kabupaten Kutai Kartanegara (contoh sintetis)';
	const method = 'Susenas Maret; garis kemiskinan makanan dan bukan makanan';
	return csv(
		[
			['Kode Wilayah', 'Wilayah', 'Indikator', 'Tahun', 'Nilai', 'Sumber', 'Metode'],
			['64.02', 'Kutai Kartanegara', 'Persentase Penduduk Miskin (P0)', 2025, '7,02', source, method],
			['64.02', 'Kutai Kartanegara', 'Garis Kemiskinan (Rupiah/Kapita/Bulan)', 2025, '781.254', source, method]
		],
		';'
	);
}

function programmes(): string {
	return csv(
		[
			['Kode Program', 'Nama Program', 'Nama Program (Inggris)', 'Instansi', 'Jenis', 'Nilai Satuan (Rp)', 'Isi Paket', 'Saluran', 'Sumber Dana', 'Kode Wilayah', 'Tahun', 'Lama (bulan)', 'Bulan Mulai', 'Jumlah Tahap', 'Bulan per Tahap', 'Tunai per Tahap (Rp)', 'Barang per Tahap (Rp)', 'Aturan Kelayakan'],
			['CONTOH-PANGAN-2025', 'Paket pangan contoh', 'Sample food package', 'Dinsos', 'in_kind', 250000, 'beras, telur', 'PT Pos', 'APBD', '64.02.13', 2025, 3, 10, 1, 3, 0, 250000, '{"register":"p3ke"}']
		],
		','
	);
}

function targets(): string {
	return csv(
		[
			['Kode Wilayah', 'Indikator', 'Nilai Min', 'Nilai Maks', 'Tenggat', 'Dasar Hukum', 'Tanggal Ditetapkan'],
			['64.02', 'poverty_rate', '6', '6,5', '31/12/2027', 'RPJMD contoh (sintetis)', '01/06/2025']
		],
		';'
	);
}

/** A filled verification form as the printed form heads it; its refs are made up, so a real one comes from a list's form export. */
function verifications(): string {
	const cols = KIND_SPECS.verifications.columns;
	return csv([cols.map(formHeader), cols.map((c) => c.example)], ',');
}

function crosswalk(): string {
	return csv(
		[
			['Kode Asal', 'Sistem', 'Kode Baru', 'Berlaku Dari', 'Berlaku Sampai', 'Dasar'],
			...VILLAGES.map((v, i) => [`6402130${pad(8 + i, 3)}`, 'bps', v.code, '2000-01-01', '', 'Padanan kode BPS–Kemendagri (contoh sintetis)'])
		],
		','
	);
}

const SAMPLES: Record<Kind, () => Sample> = {
	households: () => ({ fileName: 'contoh-p3ke.csv', text: p3ke(), note: both(m.import_sample_households) }),
	programmes: () => ({ fileName: 'contoh-program.csv', text: programmes(), note: both(m.import_sample_programmes) }),
	distributions: () => ({ fileName: 'contoh-bast.csv', text: bast(), note: both(m.import_sample_distributions) }),
	child_growth: () => ({ fileName: 'contoh-eppgbm-desa.csv', text: eppgbmVillages(), note: both(m.import_sample_child_growth) }),
	children: () => ({ fileName: 'contoh-eppgbm-anak.csv', text: eppgbmChildren(), note: both(m.import_sample_children) }),
	official_indicators: () => ({ fileName: 'contoh-bps.csv', text: bpsTable(), note: both(m.import_sample_official_indicators) }),
	targets: () => ({ fileName: 'contoh-target.csv', text: targets(), note: both(m.import_sample_targets) }),
	verifications: () => ({ fileName: 'contoh-verval.csv', text: verifications(), note: both(m.import_sample_verifications) }),
	region_crosswalk: () => ({ fileName: 'contoh-padanan-bps.csv', text: crosswalk(), note: both(m.import_sample_region_crosswalk) })
};

export const sampleFile = (kind: Kind): Sample => SAMPLES[kind]();
