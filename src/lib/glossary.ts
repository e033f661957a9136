import { m } from '$lib/paraglide/messages';

interface Entry {
	/** The term as written in full, e.g. "DTKS (Data Terpadu Kesejahteraan Sosial)". */
	name: () => string;
	/** One to three sentences; also the link's tooltip. */
	definition: () => string;
}

/**
 * The glossary (`/istilah`): each term under its anchor id, in the groups the page shows. `<Term id="dtks">`
 * links here; an unknown id is a type error.
 */
export const GLOSSARY = {
	registers: {
		dtks: { name: m.term_dtks, definition: m.term_dtks_def },
		p3ke: { name: m.term_p3ke, definition: m.term_p3ke_def },
		dtsen: { name: m.term_dtsen, definition: m.term_dtsen_def },
		desil: { name: m.term_desil, definition: m.term_desil_def },
		krs: { name: m.term_krs, definition: m.term_krs_def },
		'e-ppgbm': { name: m.term_eppgbm, definition: m.term_eppgbm_def }
	},
	statistics: {
		susenas: { name: m.term_susenas, definition: m.term_susenas_def },
		'ssgi-ski': { name: m.term_ssgi, definition: m.term_ssgi_def },
		stunting: { name: m.term_stunting, definition: m.term_stunting_def },
		'miskin-ekstrem': { name: m.term_ekstrem, definition: m.term_ekstrem_def }
	},
	aid: {
		bast: { name: m.term_bast, definition: m.term_bast_def },
		cakupan: { name: m.term_cakupan, definition: m.term_cakupan_def },
		'galat-eksklusi': { name: m.term_eksklusi, definition: m.term_eksklusi_def },
		'galat-inklusi': { name: m.term_inklusi, definition: m.term_inklusi_def },
		'tepat-sasaran': { name: m.term_sasaran, definition: m.term_sasaran_def },
		'tepat-jumlah': { name: m.term_jumlah, definition: m.term_jumlah_def },
		'tepat-waktu': { name: m.term_waktu, definition: m.term_waktu_def },
		'tepat-administrasi': { name: m.term_administrasi, definition: m.term_administrasi_def }
	},
	rules: {
		'kepmensos-262': { name: m.term_kepmensos, definition: m.term_kepmensos_def },
		supresi: { name: m.term_supresi, definition: m.term_supresi_def },
		'batas-indikatif': { name: m.term_indikatif, definition: m.term_indikatif_def }
	}
} as const satisfies Record<string, Record<string, Entry>>;

export type TermGroup = keyof typeof GLOSSARY;
export type TermId = { [G in TermGroup]: keyof (typeof GLOSSARY)[G] }[TermGroup];

export const GROUP_TITLE: Record<TermGroup, () => string> = {
	registers: m.gl_group_registers,
	statistics: m.gl_group_statistics,
	aid: m.gl_group_aid,
	rules: m.gl_group_rules
};

const TERMS = Object.assign({}, ...Object.values(GLOSSARY)) as Record<TermId, Entry>;

export const term = (id: TermId): Entry => TERMS[id];

/** Where a term is explained. */
export const termHref = (id: TermId) => `/istilah#${id}`;

/** The glossary entry that explains where an indicator's figure comes from. */
const INDICATOR_TERM: Partial<Record<string, TermId>> = {
	extreme_poor_hh: 'desil',
	poor_vulnerable_hh: 'desil',
	dtks_hh: 'dtks',
	krs_families: 'krs',
	stunted_children: 'e-ppgbm',
	stunted_share_eppgbm: 'e-ppgbm',
	aid_households: 'bast',
	aid_rp: 'bast',
	extreme_poor_coverage: 'cakupan',
	poverty_rate: 'susenas',
	extreme_poverty_rate: 'miskin-ekstrem',
	stunting_prevalence: 'ssgi-ski',
	poverty_line: 'susenas'
};
export const indicatorTerm = (indicator: string): TermId | null => INDICATOR_TERM[indicator] ?? null;
