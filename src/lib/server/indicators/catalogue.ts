import type { IndicatorDescription, Level } from '../../indicators';
import { PUBLIC_MEASURES } from '../public/build';
import { CRITERIA } from '../../criteria';
import { CRITERION_LABEL, criterionNamed } from '../../criteria-labels';
import { both, inBoth } from '../../bilingual';
import { m } from '../../paraglide/messages';
import type { Measure } from '../snapshot/schema';

const ALL_LEVELS: Level[] = ['country', 'province', 'regency', 'district', 'village'];
const STAT_LEVELS: Level[] = ['country', 'province', 'regency'];

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
		label: both(m.indicator_extreme_poor_hh_label),
		unit: 'households',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_registers),
		method: both(m.indicator_extreme_poor_hh_method),
		direction: 'higher_is_worse',
		expr: 'extreme_poor_hh',
		public: true,
		measures: ['extreme_poor_hh']
	},
	{
		// Named apart from BPS's rate: a share of registered households, not of people, from a register, not a survey.
		id: 'extreme_poor_share',
		label: both(m.indicator_extreme_poor_share_label),
		unit: 'percent',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_registers),
		method: both(m.indicator_extreme_poor_share_method),
		direction: 'higher_is_worse',
		expr: '100.0 * extreme_poor_hh / nullif(households, 0)',
		numerator: 'extreme_poor_hh',
		denominator: 'households',
		public: true,
		measures: ['extreme_poor_hh', 'households']
	},
	{
		id: 'poor_vulnerable_hh',
		label: both(m.indicator_poor_vulnerable_hh_label),
		unit: 'households',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_registers),
		method: both(m.indicator_poor_vulnerable_hh_method),
		direction: 'higher_is_worse',
		expr: 'poor_vulnerable_hh',
		public: true,
		measures: ['poor_vulnerable_hh']
	},
	{
		id: 'dtks_hh',
		label: both(m.indicator_dtks_hh_label),
		unit: 'households',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_dtks),
		method: both(m.indicator_dtks_hh_method),
		direction: 'higher_is_worse',
		expr: 'dtks_hh',
		public: false,
		measures: ['dtks_hh']
	},
	{
		id: 'krs_families',
		label: both(m.indicator_krs_families_label),
		unit: 'families',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_bkkbn),
		method: both(m.indicator_krs_families_method),
		direction: 'higher_is_worse',
		expr: 'krs_families',
		public: true,
		measures: ['krs_families']
	},
	{
		id: 'stunted_children',
		label: both(m.indicator_stunted_children_label),
		unit: 'children',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_eppgbm),
		method: both(m.indicator_stunted_children_method),
		direction: 'higher_is_worse',
		expr: 'under5_stunted',
		public: true,
		measures: ['under5_stunted']
	},
	{
		id: 'stunted_share_eppgbm',
		label: both(m.indicator_stunted_share_eppgbm_label),
		unit: 'percent',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_eppgbm),
		method: both(m.indicator_stunted_share_eppgbm_method),
		direction: 'higher_is_worse',
		expr: '100.0 * under5_stunted / nullif(under5_measured, 0)',
		numerator: 'under5_stunted',
		denominator: 'under5_measured',
		public: true,
		measures: ['under5_stunted', 'under5_measured']
	},
	{
		id: 'aid_households',
		label: both(m.indicator_aid_households_label),
		unit: 'households',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_distributions),
		method: both(m.indicator_aid_households_method),
		direction: 'higher_is_better',
		expr: 'aid_households',
		public: true,
		measures: ['aid_households']
	},
	{
		id: 'aid_rp',
		label: both(m.indicator_aid_rp_label),
		unit: 'rupiah',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_distributions),
		method: both(m.indicator_aid_rp_method),
		direction: 'higher_is_better',
		expr: 'aid_rp',
		public: false,
		measures: ['aid_rp']
	},
	{
		id: 'extreme_poor_coverage',
		label: both(m.indicator_extreme_poor_coverage_label),
		unit: 'percent',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_registers_distributions),
		method: both(m.indicator_extreme_poor_coverage_method),
		direction: 'higher_is_better',
		expr: '100.0 * extreme_poor_reached / nullif(extreme_poor_hh, 0)',
		numerator: 'extreme_poor_reached',
		denominator: 'extreme_poor_hh',
		public: false,
		measures: ['extreme_poor_reached', 'extreme_poor_hh']
	},
	{
		id: 'poverty_rate',
		label: both(m.indicator_poverty_rate_label),
		unit: 'percent',
		decimals: 2,
		kind: 'official',
		levels: STAT_LEVELS,
		source: both(m.indicator_source_susenas),
		method: both(m.indicator_poverty_rate_method),
		direction: 'higher_is_worse',
		officialKey: 'poverty_rate',
		public: true
	},
	{
		id: 'extreme_poverty_rate',
		label: both(m.indicator_extreme_poverty_rate_label),
		unit: 'percent',
		decimals: 2,
		kind: 'official',
		levels: STAT_LEVELS,
		source: both(m.indicator_source_susenas),
		method: both(m.indicator_extreme_poverty_rate_method),
		direction: 'higher_is_worse',
		officialKey: 'extreme_poverty_rate',
		public: true
	},
	{
		id: 'stunting_prevalence',
		label: both(m.indicator_stunting_prevalence_label),
		unit: 'percent',
		decimals: 1,
		kind: 'official',
		levels: STAT_LEVELS,
		source: both(m.indicator_source_ssgi),
		method: both(m.indicator_stunting_prevalence_method),
		direction: 'higher_is_worse',
		officialKey: 'stunting_prevalence',
		public: true
	},
	{
		id: 'poor_people',
		label: both(m.indicator_poor_people_label),
		unit: 'people',
		decimals: 0,
		kind: 'official',
		levels: STAT_LEVELS,
		source: both(m.indicator_source_susenas),
		method: both(m.indicator_poor_people_method),
		direction: 'higher_is_worse',
		officialKey: 'poor_people',
		public: true
	},
	{
		id: 'poverty_line',
		label: both(m.indicator_poverty_line_label),
		unit: 'rupiah_per_capita_month',
		decimals: 0,
		kind: 'official',
		levels: STAT_LEVELS,
		source: both(m.indicator_source_susenas),
		method: both(m.indicator_poverty_line_method),
		direction: 'higher_is_worse',
		officialKey: 'poverty_line',
		public: true
	},
	// One count per Kepmensos 262/HUK/2022 criterion the household rows carry, named as such.
	...CRITERIA.map(
		(c): CatalogueEntry => ({
			id: c.measure,
			label: inBoth((locale) => m.indicator_criterion_label({ criterion: criterionNamed(c.measure, locale) }, { locale })),
			unit: 'households',
			kind: 'register',
			levels: ALL_LEVELS,
			source: both(m.indicator_source_registers),
			method: inBoth((locale) => m.indicator_criterion_method({ criterion: CRITERION_LABEL[c.measure]({}, { locale }) }, { locale })),
			direction: 'higher_is_worse',
			expr: c.measure,
			public: false,
			measures: [c.measure]
		})
	),
	{
		id: 'children_stunted_unlisted',
		label: both(m.indicator_children_stunted_unlisted_label),
		unit: 'children',
		kind: 'register',
		levels: ALL_LEVELS,
		source: both(m.indicator_source_eppgbm),
		method: both(m.indicator_children_stunted_unlisted_method),
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
