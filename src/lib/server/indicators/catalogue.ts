import type { IndicatorDescription, Level } from '../../indicators';
import { PUBLIC_MEASURES } from '../public/build';
import { CRITERIA, KEPMENSOS } from '../../criteria';
import type { Measure } from '../snapshot/schema';

const ALL_LEVELS: Level[] = ['country', 'province', 'regency', 'district', 'village'];
const STAT_LEVELS: Level[] = ['country', 'province', 'regency'];

const REGISTERS = {
	id: 'Register sosial (DTKS, P3KE, DTSEN) dalam snapshot',
	en: 'Social registers (DTKS, P3KE, DTSEN) in the snapshot'
};
const DISTRIBUTIONS = { id: 'Daftar penyaluran dan BAST program', en: 'Programme distribution lists and receipts (BAST)' };
const EPPGBM = { id: 'e-PPGBM (penimbangan Agustus), Dinkes', en: 'e-PPGBM (August weighing round), health office' };

/**
 * An indicator's description with how to compute it: server side only (its SQL never leaves the server).
 * `public` says whether a signed-out visitor may see it; a register figure may be public only when
 * every measure it reads (`measures`, the `region_values` columns in `expr`) is published suppressed.
 */
export type CatalogueEntry = IndicatorDescription & { public: boolean } & (
		| { kind: 'register'; expr: string; measures: readonly Measure[]; numerator?: Measure; denominator?: Measure }
		| { kind: 'official'; officialKey: string }
	);

/**
 * The indicator catalogue: the one place that says what each figure means and how it is computed.
 * `expr` is SQL over `region_values` columns; it is constant text, never built from input.
 */
export const CATALOGUE: CatalogueEntry[] = [
	{
		id: 'extreme_poor_hh',
		label: { id: 'Rumah tangga miskin ekstrem (register)', en: 'Extreme-poor households (register)' },
		unit: 'households',
		kind: 'register',
		levels: ALL_LEVELS,
		source: REGISTERS,
		method: { id: 'Jumlah rumah tangga desil 1 di P3KE/DTSEN/DTKS', en: 'Count of decile-1 households in P3KE/DTSEN/DTKS' },
		direction: 'higher_is_worse',
		expr: 'extreme_poor_hh',
		public: true,
		measures: ['extreme_poor_hh']
	},
	{
		// Named apart from BPS's rate: a share of registered households, not of people, from a register, not a survey.
		id: 'extreme_poor_share',
		label: { id: 'Rumah tangga desil 1 di register P3KE (% rumah tangga)', en: 'Decile-1 households in the P3KE register (% of households)' },
		unit: 'percent',
		kind: 'register',
		levels: ALL_LEVELS,
		source: REGISTERS,
		method: {
			id: 'Rumah tangga desil 1 ÷ rumah tangga terdaftar × 100; bukan tingkat kemiskinan ekstrem BPS (persentase penduduk dari survei)',
			en: 'Decile-1 households ÷ registered households × 100; not BPS’s extreme poverty rate (a share of people, from a survey)'
		},
		direction: 'higher_is_worse',
		expr: '100.0 * extreme_poor_hh / nullif(households, 0)',
		numerator: 'extreme_poor_hh',
		denominator: 'households',
		public: true,
		measures: ['extreme_poor_hh', 'households']
	},
	{
		id: 'poor_vulnerable_hh',
		label: { id: 'Rumah tangga miskin dan rentan (desil 1–4)', en: 'Poor and vulnerable households (decile 1–4)' },
		unit: 'households',
		kind: 'register',
		levels: ALL_LEVELS,
		source: REGISTERS,
		method: { id: 'Jumlah rumah tangga desil 1–4', en: 'Count of households in deciles 1–4' },
		direction: 'higher_is_worse',
		expr: 'poor_vulnerable_hh',
		public: true,
		measures: ['poor_vulnerable_hh']
	},
	{
		id: 'dtks_hh',
		label: { id: 'Rumah tangga di DTKS', en: 'Households in DTKS' },
		unit: 'households',
		kind: 'register',
		levels: ALL_LEVELS,
		source: { id: 'DTKS (SIKS-NG), Dinas Sosial', en: 'DTKS (SIKS-NG), social affairs office' },
		method: { id: 'Jumlah rumah tangga terdaftar', en: 'Count of registered households' },
		direction: 'higher_is_worse',
		expr: 'dtks_hh',
		public: false,
		measures: ['dtks_hh']
	},
	{
		id: 'krs_families',
		label: { id: 'Keluarga berisiko stunting (KRS)', en: 'Families at risk of stunting (KRS)' },
		unit: 'families',
		kind: 'register',
		levels: ALL_LEVELS,
		source: { id: 'Pendataan Keluarga BKKBN / DP2KB', en: 'BKKBN family data / DP2KB' },
		method: {
			id: 'Keluarga dengan ibu hamil atau balita dan faktor risiko (air, sanitasi, "4 terlalu")',
			en: 'Families with a pregnant woman or under-five plus risk factors (water, sanitation, "four too\'s")'
		},
		direction: 'higher_is_worse',
		expr: 'krs_families',
		public: true,
		measures: ['krs_families']
	},
	{
		id: 'stunted_children',
		label: { id: 'Balita stunting (e-PPGBM)', en: 'Stunted under-fives (e-PPGBM)' },
		unit: 'children',
		kind: 'register',
		levels: ALL_LEVELS,
		source: EPPGBM,
		method: { id: 'Jumlah balita TB/U < −2 SD yang diukur', en: 'Count of measured under-fives with height-for-age < −2 SD' },
		direction: 'higher_is_worse',
		expr: 'under5_stunted',
		public: true,
		measures: ['under5_stunted']
	},
	{
		id: 'stunted_share_eppgbm',
		label: { id: 'Persentase balita stunting (e-PPGBM, bukan prevalensi survei)', en: 'Stunted share of measured under-fives (e-PPGBM, not survey prevalence)' },
		unit: 'percent',
		kind: 'register',
		levels: ALL_LEVELS,
		source: EPPGBM,
		method: { id: 'Balita stunting ÷ balita diukur × 100', en: 'Stunted ÷ measured under-fives × 100' },
		direction: 'higher_is_worse',
		expr: '100.0 * under5_stunted / nullif(under5_measured, 0)',
		numerator: 'under5_stunted',
		denominator: 'under5_measured',
		public: true,
		measures: ['under5_stunted', 'under5_measured']
	},
	{
		id: 'aid_households',
		label: { id: 'Rumah tangga penerima bantuan', en: 'Households reached by aid' },
		unit: 'households',
		kind: 'register',
		levels: ALL_LEVELS,
		source: DISTRIBUTIONS,
		method: { id: 'Rumah tangga berstatus diterima/BAST di program mana pun', en: 'Households delivered to (or receipt signed) by any programme' },
		direction: 'higher_is_better',
		expr: 'aid_households',
		public: true,
		measures: ['aid_households']
	},
	{
		id: 'aid_rp',
		label: { id: 'Nilai bantuan tersalurkan', en: 'Aid delivered (value)' },
		unit: 'rupiah',
		kind: 'register',
		levels: ALL_LEVELS,
		source: DISTRIBUTIONS,
		method: { id: 'Jumlah nilai rupiah penyaluran yang diterima', en: 'Sum of Rupiah value of delivered aid' },
		direction: 'higher_is_better',
		expr: 'aid_rp',
		public: false,
		measures: ['aid_rp']
	},
	{
		id: 'extreme_poor_coverage',
		label: { id: 'Cakupan bantuan rumah tangga miskin ekstrem', en: 'Aid coverage of extreme-poor households' },
		unit: 'percent',
		kind: 'register',
		levels: ALL_LEVELS,
		source: { id: 'Register sosial dan daftar penyaluran', en: 'Social registers and distribution lists' },
		method: { id: 'Miskin ekstrem yang menerima bantuan ÷ miskin ekstrem × 100', en: 'Extreme-poor households reached ÷ extreme-poor households × 100' },
		direction: 'higher_is_better',
		expr: '100.0 * extreme_poor_reached / nullif(extreme_poor_hh, 0)',
		numerator: 'extreme_poor_reached',
		denominator: 'extreme_poor_hh',
		public: false,
		measures: ['extreme_poor_reached', 'extreme_poor_hh']
	},
	{
		id: 'poverty_rate',
		label: { id: 'Persentase penduduk miskin BPS (% penduduk)', en: 'BPS poverty rate (% of people)' },
		unit: 'percent',
		decimals: 2,
		kind: 'official',
		levels: STAT_LEVELS,
		source: { id: 'BPS, Susenas', en: 'BPS, Susenas' },
		method: { id: 'Penduduk di bawah garis kemiskinan (P0)', en: 'People below the poverty line (P0)' },
		direction: 'higher_is_worse',
		officialKey: 'poverty_rate',
		public: true
	},
	{
		id: 'extreme_poverty_rate',
		label: { id: 'Persentase kemiskinan ekstrem BPS (% penduduk)', en: 'BPS extreme poverty rate (% of people)' },
		unit: 'percent',
		decimals: 2,
		kind: 'official',
		levels: STAT_LEVELS,
		source: { id: 'BPS, Susenas', en: 'BPS, Susenas' },
		method: {
			id: 'USD 1,90 PPP 2011/hari sampai 2023; USD 2,15 PPP 2017 sejak 2024 (patahan seri)',
			en: 'USD 1.90 PPP 2011/day to 2023; USD 2.15 PPP 2017 from 2024 (series break)'
		},
		direction: 'higher_is_worse',
		officialKey: 'extreme_poverty_rate',
		public: true
	},
	{
		id: 'stunting_prevalence',
		label: { id: 'Prevalensi stunting survei (% balita)', en: 'Stunting prevalence, survey (% of under-fives)' },
		unit: 'percent',
		decimals: 1,
		kind: 'official',
		levels: STAT_LEVELS,
		source: { id: 'Kemenkes: SSGI 2021–2022, SKI 2023, SSGI 2024', en: 'Ministry of Health: SSGI 2021–2022, SKI 2023, SSGI 2024' },
		method: { id: 'Balita TB/U < −2 SD, survei sampel', en: 'Under-fives with height-for-age < −2 SD, sample survey' },
		direction: 'higher_is_worse',
		officialKey: 'stunting_prevalence',
		public: true
	},
	{
		id: 'poor_people',
		label: { id: 'Jumlah penduduk miskin BPS (jiwa)', en: 'BPS poor people (people)' },
		unit: 'people',
		decimals: 0,
		kind: 'official',
		levels: STAT_LEVELS,
		source: { id: 'BPS, Susenas', en: 'BPS, Susenas' },
		method: { id: 'Penduduk di bawah garis kemiskinan', en: 'People below the poverty line' },
		direction: 'higher_is_worse',
		officialKey: 'poor_people',
		public: true
	},
	{
		id: 'poverty_line',
		label: { id: 'Garis kemiskinan BPS (Rp/kapita/bulan)', en: 'BPS poverty line (Rp per person per month)' },
		unit: 'rupiah_per_capita_month',
		decimals: 0,
		kind: 'official',
		levels: STAT_LEVELS,
		source: { id: 'BPS, Susenas', en: 'BPS, Susenas' },
		method: { id: 'Rupiah per kapita per bulan', en: 'Rupiah per capita per month' },
		direction: 'higher_is_worse',
		officialKey: 'poverty_line',
		public: true
	},
	// One count per Kepmensos 262/HUK/2022 criterion the household rows carry, named as such.
	...CRITERIA.map(
		(c): CatalogueEntry => ({
			id: c.measure,
			label: { id: `${KEPMENSOS.id}: ${c.label.id} (rumah tangga)`, en: `${KEPMENSOS.en}: ${c.label.en} (households)` },
			unit: 'households',
			kind: 'register',
			levels: ALL_LEVELS,
			source: REGISTERS,
			method: {
				id: `Jumlah rumah tangga register yang memenuhi kriteria “${c.label.id}” (Kepmensos 262/HUK/2022)`,
				en: `Count of register households meeting the criterion “${c.label.en}” (Kepmensos 262/HUK/2022)`
			},
			direction: 'higher_is_worse',
			expr: c.measure,
			public: false,
			measures: [c.measure]
		})
	),
	{
		id: 'children_stunted_unlisted',
		label: { id: 'Balita stunting (e-PPGBM) yang keluarganya tidak ada di register', en: 'Stunted under-fives (e-PPGBM) whose family is on no register' },
		unit: 'children',
		kind: 'register',
		levels: ALL_LEVELS,
		source: EPPGBM,
		method: {
			id: 'Balita TB/U pendek atau sangat pendek pada penimbangan Agustus yang KK/NIK orang tuanya tidak cocok dengan rumah tangga register mana pun',
			en: 'Under-fives stunted or severely stunted in the August round whose KK/parent NIK matches no register household'
		},
		direction: 'higher_is_worse',
		expr: 'children_stunted_unlisted',
		public: false,
		measures: ['children_stunted_unlisted']
	}
];

/**
 * Why an entry may not be offered as declared: a register figure claiming to be public while it reads
 * a measure that is not published (the public view holds NULL there, so it would show nothing, or
 * worse, once someone published a partial view).
 */
export function catalogueProblems(entries: readonly CatalogueEntry[]): string[] {
	const published = new Set<string>(PUBLIC_MEASURES);
	return entries.flatMap((e) =>
		e.kind === 'register' && e.public ? e.measures.filter((m) => !published.has(m)).map((m) => `${e.id} is declared public but reads ${m}, which is not published`) : []
	);
}

const problems = catalogueProblems(CATALOGUE);
if (problems.length) throw new Error(`indicator catalogue: ${problems.join('; ')}`);

/** Indicators a signed-out visitor may see, as the catalogue declares them. */
export const PUBLIC_INDICATORS: ReadonlySet<string> = new Set(CATALOGUE.filter((e) => e.public).map((e) => e.id));

const BY_ID = new Map(CATALOGUE.map((e) => [e.id, e]));

export function findIndicator(id: string): CatalogueEntry | undefined {
	return BY_ID.get(id);
}

export const INDICATOR_IDS = CATALOGUE.map((e) => e.id);

/** An entry without its SQL: what may travel to a page. */
export function describeIndicator(indicator: CatalogueEntry): IndicatorDescription {
	const { id, label, unit, kind, levels, source, method, direction, decimals } = indicator;
	return { id, label, unit, kind, levels, source, method, direction, ...(decimals === undefined ? {} : { decimals }) };
}
