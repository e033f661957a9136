/** Official figures as published (../shared/domain.md), plus clearly flagged synthetic fills for the demo. */
import type { Target } from '../src/lib/targets';

export interface OfficialFigure {
	region_code: string;
	indicator: 'poverty_rate' | 'poor_people' | 'poverty_line' | 'extreme_poverty_rate' | 'stunting_prevalence';
	period: number;
	value: number;
	ci_lower?: number;
	ci_upper?: number;
	source: string;
	method: string;
	synthetic: boolean;
}

const SUSENAS = 'BPS, Susenas Maret';
const POVERTY_METHOD = 'Garis kemiskinan BPS (kebutuhan dasar)';
const STUNTING_METHOD = 'TB/U < −2 SD, balita';
const real = (
	region_code: string,
	indicator: OfficialFigure['indicator'],
	period: number,
	value: number,
	source: string,
	method: string
): OfficialFigure => ({ region_code, indicator, period, value, source, method, synthetic: false });

const PUBLISHED: OfficialFigure[] = [
	real('ID', 'poverty_rate', 2024, 9.03, SUSENAS, POVERTY_METHOD),
	real('ID', 'poverty_rate', 2025, 8.47, SUSENAS, POVERTY_METHOD),
	real('ID', 'stunting_prevalence', 2021, 24.4, 'SSGI 2021', STUNTING_METHOD),
	real('ID', 'stunting_prevalence', 2022, 21.6, 'SSGI 2022', STUNTING_METHOD),
	real('ID', 'stunting_prevalence', 2023, 21.5, 'SKI 2023', STUNTING_METHOD),
	real('ID', 'stunting_prevalence', 2024, 19.8, 'SSGI 2024', STUNTING_METHOD),
	real('64.02', 'poverty_rate', 2021, 7.99, SUSENAS, POVERTY_METHOD),
	real('64.02', 'poverty_rate', 2023, 7.61, SUSENAS, POVERTY_METHOD),
	real('64.02', 'poverty_rate', 2024, 7.28, SUSENAS, POVERTY_METHOD),
	real('64.02', 'poor_people', 2024, 59000, SUSENAS, POVERTY_METHOD),
	real('64.02', 'poverty_line', 2024, 753332, SUSENAS, POVERTY_METHOD),
	real('64.02', 'stunting_prevalence', 2021, 26.4, 'SSGI 2021', STUNTING_METHOD),
	real('64.02', 'stunting_prevalence', 2022, 27.1, 'SSGI 2022', STUNTING_METHOD),
	real('64', 'poverty_rate', 2024, 5.78, SUSENAS, POVERTY_METHOD),
	real('19.01', 'poverty_rate', 2024, 4.24, SUSENAS, POVERTY_METHOD),
	real('19.01', 'poor_people', 2024, 14760, SUSENAS, POVERTY_METHOD),
	real('19.01', 'poverty_line', 2024, 723719, SUSENAS, POVERTY_METHOD),
	real('19.01', 'stunting_prevalence', 2021, 17.5, 'SSGI 2021', STUNTING_METHOD),
	real('19.01', 'stunting_prevalence', 2023, 23.2, 'SKI 2023', STUNTING_METHOD),
	real('63', 'poverty_rate', 2024, 4.11, SUSENAS, POVERTY_METHOD),
	real('63.02', 'stunting_prevalence', 2021, 21.8, 'SSGI 2021', STUNTING_METHOD),
	real('63.02', 'stunting_prevalence', 2023, 20.1, 'SKI 2023', STUNTING_METHOD)
];

const SYNTHETIC_SOURCE = 'Sintetis (demo), dikalibrasi ke angka BPS/Kemenkes yang dipublikasikan';
const PPP2011 = 'USD 1,90 PPP 2011 per kapita per hari';
const PPP2017 = 'USD 2,15 PPP 2017 per kapita per hari';

/** Demo series per region: poverty and extreme poverty 2021–2025, with the 2024 PPP method break. */
const SERIES: Record<string, { poverty: number[]; extreme: number[] }> = {
	'63.02': { poverty: [4.9, 4.7, 4.55, 4.4, 4.2], extreme: [1.4, 1.1, 0.8, 1.3, 0.9] },
	'64.02': { poverty: [7.99, 7.8, 7.61, 7.28, 7.05], extreme: [2.1, 1.7, 1.2, 1.9, 1.3] },
	'19.01': { poverty: [4.6, 4.45, 4.3, 4.24, 4.1], extreme: [0.9, 0.7, 0.5, 0.8, 0.5] },
	'63': { poverty: [4.8, 4.6, 4.3, 4.11, 4.0], extreme: [1.0, 0.8, 0.6, 1.0, 0.7] },
	'64': { poverty: [6.5, 6.3, 6.1, 5.78, 5.6], extreme: [1.2, 1.0, 0.7, 1.1, 0.8] },
	'19': { poverty: [4.9, 4.6, 4.5, 4.4, 4.3], extreme: [0.7, 0.5, 0.4, 0.6, 0.4] },
	ID: { poverty: [10.14, 9.54, 9.36, 9.03, 8.47], extreme: [2.14, 1.74, 1.12, 1.26, 0.85] }
};

function synthetic(): OfficialFigure[] {
	const out: OfficialFigure[] = [];
	for (const [region_code, s] of Object.entries(SERIES)) {
		s.poverty.forEach((value, i) => {
			const period = 2021 + i;
			if (PUBLISHED.some((f) => f.region_code === region_code && f.indicator === 'poverty_rate' && f.period === period)) return;
			const half = region_code === 'ID' ? 0.1 : 0.6;
			out.push({ region_code, indicator: 'poverty_rate', period, value, ci_lower: value - half, ci_upper: value + half, source: SYNTHETIC_SOURCE, method: POVERTY_METHOD, synthetic: true });
		});
		s.extreme.forEach((value, i) => {
			const period = 2021 + i;
			const half = region_code === 'ID' ? 0.05 : 0.35;
			out.push({
				region_code,
				indicator: 'extreme_poverty_rate',
				period,
				value,
				ci_lower: Math.max(0, value - half),
				ci_upper: value + half,
				source: SYNTHETIC_SOURCE,
				method: period >= 2024 ? PPP2017 : PPP2011,
				synthetic: true
			});
		});
	}
	return out;
}

export const OFFICIAL_FIGURES: OfficialFigure[] = [...PUBLISHED, ...synthetic()];


export const TARGETS: Target[] = [
	{ region_code: 'ID', indicator: 'extreme_poverty_rate', value_min: 0, value_max: 0, deadline: '2024-12-31', basis: 'Inpres 4/2022', adopted: '2022-06-08' },
	{ region_code: 'ID', indicator: 'extreme_poverty_rate', value_min: 0, value_max: 0.5, deadline: '2026-12-31', basis: 'Inpres 8/2025', adopted: '2025-01-01' },
	{ region_code: 'ID', indicator: 'poverty_rate', value_min: 4.5, value_max: 5, deadline: '2029-12-31', basis: 'RPJMN 2025–2029', adopted: '2025-02-10' },
	{ region_code: 'ID', indicator: 'stunting_prevalence', value_min: 14, value_max: 14, deadline: '2024-12-31', basis: 'Perpres 72/2021', adopted: '2021-08-05' },
	{ region_code: 'ID', indicator: 'stunting_prevalence', value_min: 14.2, value_max: 14.2, deadline: '2029-12-31', basis: 'RPJMN 2025–2029', adopted: '2025-02-10' },
	// Regional targets show how a region's own target overrides the national one; the values are illustrative, not a real regulation.
	{ region_code: '64', indicator: 'poverty_rate', value_min: 5, value_max: 5, deadline: '2026-12-31', basis: 'RPJMD Kalimantan Timur (contoh demo)', adopted: '2024-03-01' },
	{ region_code: '64.02', indicator: 'stunting_prevalence', value_min: 14, value_max: 14, deadline: '2026-12-31', basis: 'RPJMD Kutai Kartanegara (contoh demo)', adopted: '2021-09-01' },
	{ region_code: '64.02', indicator: 'stunting_prevalence', value_min: 18, value_max: 18, deadline: '2026-12-31', basis: 'Perbup Kutai Kartanegara, revisi (contoh demo)', adopted: '2025-03-01' }
];
