import type { Intervention } from '../src/lib/interventions';
import type { Rule } from '../src/lib/server/eligibility/rule';

export interface DemoProgramme {
	code: string;
	name_id: string;
	name_en: string;
	agency: string;
	kind: 'in-kind' | 'cash' | 'service';
	unit_value_rp: number;
	items: string | null;
	channel: 'village' | 'PT Pos' | 'bank';
	funder: string;
	/** Region the programme runs in; `ID` for national programmes (generated in every regency of the scope). */
	region_code: string;
	period: number;
	/** Schedule: round 1 opens on the 1st of `start_month`; `rounds` rounds of `round_months` months each. */
	start_month: number;
	rounds: number;
	round_months: number;
	rule: Rule;
	basis: string;
	/** The intended intervention for families at risk of stunting that this programme delivers, if any. */
	intervention?: Intervention;
}

const FOOD_RULE: Rule = { any: [{ register: 'p3ke' }, { register: 'krs' }, { register: 'dtks' }] };
const EXTREME_RULE: Rule = { all: [{ register: 'p3ke' }, { flag: 'extreme_poor' }] };

const KRS_RULE: Rule = { register: 'krs' };

/**
 * Kutai Kartanegara 2024: the convergent interventions for families at risk of stunting that the
 * stunting story asks to track (cash comes from PKH). Unit values are demo assumptions.
 */
const KRS_BASE = { region_code: '64.02', period: 2024, start_month: 6, rounds: 1, round_months: 6, rule: KRS_RULE, funder: 'APBD', channel: 'village' as const, items: null };
const KRS_CONVERGENCE: DemoProgramme[] = [
	{
		...KRS_BASE,
		code: 'KKR-KRS-PANGAN-2024',
		name_id: 'Pangan tambahan keluarga berisiko stunting Kutai Kartanegara 2024',
		name_en: 'Kutai Kartanegara supplementary food for families at risk of stunting 2024',
		agency: 'Dinas Kesehatan Kutai Kartanegara',
		kind: 'in-kind',
		unit_value_rp: 300_000,
		items: 'PMT, telur, susu',
		intervention: 'food',
		basis: 'Konvergensi stunting (Perpres 72/2021); nilai asumsi demo'
	},
	{
		...KRS_BASE,
		code: 'KKR-KRS-KUNJUNGAN-2024',
		name_id: 'Kunjungan rumah tenaga kesehatan Kutai Kartanegara 2024',
		name_en: 'Kutai Kartanegara health worker home visits 2024',
		agency: 'Dinas Kesehatan Kutai Kartanegara',
		kind: 'service',
		unit_value_rp: 50_000,
		intervention: 'health_visit',
		basis: 'Konvergensi stunting (Perpres 72/2021); nilai asumsi demo'
	},
	{
		...KRS_BASE,
		code: 'KKR-KRS-SANITASI-2024',
		name_id: 'Jamban sehat dan air bersih keluarga berisiko stunting Kutai Kartanegara 2024',
		name_en: 'Kutai Kartanegara latrines and safe water for families at risk of stunting 2024',
		agency: 'Dinas Pekerjaan Umum Kutai Kartanegara',
		kind: 'in-kind',
		unit_value_rp: 2_500_000,
		intervention: 'sanitation',
		basis: 'Konvergensi stunting (Perpres 72/2021); nilai asumsi demo'
	},
	{
		...KRS_BASE,
		code: 'KKR-KRS-KONSELING-2024',
		name_id: 'Pendampingan dan konseling gizi oleh TPK Kutai Kartanegara 2024',
		name_en: 'Kutai Kartanegara family support team nutrition counselling 2024',
		agency: 'DP2KB Kutai Kartanegara',
		kind: 'service',
		unit_value_rp: 25_000,
		intervention: 'counselling',
		basis: 'Konvergensi stunting (Perpres 72/2021); nilai asumsi demo'
	}
];

/** The seed stories (see shared/seeds) plus two national programmes that run every year. */
export const STORY_PROGRAMMES: DemoProgramme[] = [
	{
		code: 'KTB-PANGAN-2024',
		name_id: 'Paket sembako dan susu Kotabaru 2024',
		name_en: 'Kotabaru food and milk packages 2024',
		agency: 'Dinas Sosial Kotabaru',
		kind: 'in-kind',
		unit_value_rp: 250_000,
		items: 'sembako, susu',
		channel: 'village',
		funder: 'APBD',
		region_code: '63.02',
		period: 2024,
		start_month: 12,
		rounds: 1,
		round_months: 1,
		rule: FOOD_RULE,
		intervention: 'food',
		basis: '20.200 paket, kuota 100 per desa (202 desa), ditargetkan selesai akhir Desember 2024; nilai paket adalah asumsi demo'
	},
	{
		code: 'KKR-SEMBAKO-2023',
		name_id: 'Sembako KPM miskin ekstrem Kutai Kartanegara 2023',
		name_en: 'Kutai Kartanegara extreme-poverty food aid 2023',
		agency: 'Dinas Sosial Kutai Kartanegara',
		kind: 'in-kind',
		unit_value_rp: 3_000_000,
		items: 'minyak, telur, beras, gula',
		channel: 'village',
		funder: 'APBD',
		region_code: '64.02',
		period: 2023,
		start_month: 11,
		rounds: 1,
		round_months: 1,
		rule: EXTREME_RULE,
		basis: 'Inpres 4/2022; verval 6.000 KPM terhadap P3KE, 1.000 penerima, Rp 3 miliar (November 2023)'
	},
	{
		code: 'BGK-PAKET-2023',
		name_id: 'Paket sembako keluarga miskin ekstrem Bangka 2023',
		name_en: 'Bangka extreme-poverty food package 2023',
		agency: 'Dinas Sosial Bangka',
		kind: 'in-kind',
		unit_value_rp: 250_000,
		items: 'sembako',
		channel: 'village',
		funder: 'APBD, CSR',
		region_code: '19.01',
		period: 2023,
		start_month: 4,
		rounds: 1,
		round_months: 3,
		rule: EXTREME_RULE,
		basis: '15.000 keluarga dari Kemenko PMK, 1.717 terverifikasi miskin ekstrem; satu paket dalam triwulan II 2023'
	},
	{
		code: 'BGK-TUNAI-2023',
		name_id: 'Bantuan tunai keluarga miskin ekstrem Bangka 2023',
		name_en: 'Bangka extreme-poverty cash transfer 2023',
		agency: 'Pemerintah Provinsi Kepulauan Bangka Belitung',
		kind: 'cash',
		unit_value_rp: 350_000,
		items: null,
		channel: 'PT Pos',
		funder: 'APBD Provinsi',
		region_code: '19.01',
		period: 2023,
		start_month: 4,
		rounds: 3,
		round_months: 1,
		rule: EXTREME_RULE,
		basis: 'Rp 350.000 per bulan selama tiga bulan (April–Juni 2023) melalui PT Pos, untuk 1.717 keluarga'
	},
	{
		code: 'KKR-STUNTING-2025',
		name_id: 'Bantuan pangan keluarga miskin berisiko stunting Samboja 2025',
		name_en: 'Samboja food aid for poor families at risk of stunting 2025',
		agency: 'Dinas Sosial Kutai Kartanegara',
		kind: 'in-kind',
		unit_value_rp: 300_000,
		items: 'bahan pangan bergizi',
		channel: 'village',
		funder: 'APBD',
		region_code: '64.02.13',
		period: 2025,
		start_month: 11,
		rounds: 2,
		round_months: 1,
		rule: { all: [{ register: 'krs' }, { any: [{ flag: 'under_five' }, { flag: 'pregnant' }] }] },
		intervention: 'food',
		basis: 'SK B-061/Dinsos/Linjamsos/360.2/03/2025 (anggaran 2025): 50 penerima di Wonotirto dan Tanjung Harapan, November–Desember 2025; nilai asumsi demo'
	},
	...KRS_CONVERGENCE
];

export const NATIONAL_PROGRAMMES: Omit<DemoProgramme, 'code' | 'period'>[] = [
	{
		name_id: 'Program Keluarga Harapan (PKH)',
		name_en: 'Family Hope Programme (PKH)',
		agency: 'Kementerian Sosial',
		kind: 'cash',
		unit_value_rp: 3_000_000,
		items: null,
		channel: 'bank',
		funder: 'APBN',
		region_code: 'ID',
		start_month: 1,
		rounds: 1,
		round_months: 12,
		rule: {
			all: [
				{ register: 'dtks' },
				{ decile_max: 4 },
				{ any: [{ flag: 'under_five' }, { flag: 'pregnant' }, { flag: 'elderly' }, { flag: 'disabled' }] }
			]
		},
		intervention: 'cash',
		basis: 'Demo: satu baris per keluarga per tahun, nilai tahunan'
	},
	{
		name_id: 'Bantuan Pangan Non Tunai / Sembako (BPNT)',
		name_en: 'Non-cash food assistance (BPNT / Sembako)',
		agency: 'Kementerian Sosial',
		kind: 'cash',
		unit_value_rp: 2_400_000,
		items: null,
		channel: 'bank',
		funder: 'APBN',
		region_code: 'ID',
		start_month: 1,
		rounds: 1,
		round_months: 12,
		rule: { all: [{ register: 'dtks' }, { decile_max: 4 }] },
		intervention: 'food',
		basis: 'Demo: Rp 200.000 per bulan, satu baris per keluarga per tahun'
	}
];

export const NATIONAL_CODES = ['PKH', 'BPNT'] as const;
