/** Coverage figures derived from pre-aggregated counts; pure, shared by the API, the page and exports. */
import { inSubtree } from '../../region-code';

export type CoverageCounts = {
	code: string;
	name: string;
	district_code: string | null;
	district_name: string | null;
	eligible: number;
	reached: number;
	reached_eligible: number;
	amount_rp: number;
};

export type CoverageRow = CoverageCounts & {
	/** Share of eligible households reached, in percent. */
	coverage_pct: number | null;
	/** Exclusion error: eligible but not reached. */
	exclusion: number;
	exclusion_pct: number | null;
	/** Inclusion error: reached but not eligible under the programme's rule. */
	inclusion: number;
	inclusion_pct: number | null;
	rp_per_eligible: number | null;
};

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);

/**
 * The counts with their rates. Written as one object literal, property by property: a spread (`...c`)
 * took V8's slow path and, with the garbage of the intermediate object, cost about 2 s of CPU per
 * national table (83,762 rows) — the seconds-long cold coverage and allocation answers.
 */
export function withRates(c: CoverageCounts): CoverageRow {
	const exclusion = c.eligible - c.reached_eligible;
	const inclusion = c.reached - c.reached_eligible;
	return {
		code: c.code,
		name: c.name,
		district_code: c.district_code,
		district_name: c.district_name,
		eligible: c.eligible,
		reached: c.reached,
		reached_eligible: c.reached_eligible,
		amount_rp: c.amount_rp,
		coverage_pct: pct(c.reached_eligible, c.eligible),
		exclusion,
		exclusion_pct: pct(exclusion, c.eligible),
		inclusion,
		inclusion_pct: pct(inclusion, c.reached),
		rp_per_eligible: c.eligible > 0 ? c.amount_rp / c.eligible : null
	};
}

export const SORT_KEYS = [
	'code',
	'name',
	'eligible',
	'reached',
	'coverage_pct',
	'exclusion',
	'exclusion_pct',
	'inclusion',
	'inclusion_pct',
	'amount_rp',
	'rp_per_eligible'
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface CoverageFilter {
	/** District code (PP.KK.CC): keeps regions whose code starts with it. */
	district?: string;
	/** Text in the village or district name. */
	q?: string;
	minCoverage?: number;
	maxCoverage?: number;
	/** Minimum exclusion count (eligible not reached). */
	minUnmet?: number;
	sort: SortKey;
	dir: 'asc' | 'desc';
	/** Keep only the first `top` rows after sorting ("largest unmet need" with sort=exclusion). */
	top?: number;
}

/** The district and name filters, shared by every per-region table of the workbench. */
export function inPlace(r: { code: string; name: string; district_name?: string | null }, district?: string, q?: string): boolean {
	const text = q?.trim().toLowerCase();
	return (
		(!district || inSubtree(district, r.code)) &&
		(!text || r.name.toLowerCase().includes(text) || (r.district_name ?? '').toLowerCase().includes(text))
	);
}

/** Filters and sorts rows; nulls sort last whatever the direction, ties by code. */
export function filterCoverage(rows: readonly CoverageRow[], f: CoverageFilter): CoverageRow[] {
	const kept = rows.filter(
		(r) =>
			inPlace(r, f.district, f.q) &&
			(f.minCoverage === undefined || (r.coverage_pct !== null && r.coverage_pct >= f.minCoverage)) &&
			(f.maxCoverage === undefined || (r.coverage_pct !== null && r.coverage_pct <= f.maxCoverage)) &&
			(f.minUnmet === undefined || r.exclusion >= f.minUnmet)
	);
	sortRows(kept, f.sort, f.dir);
	return f.top ? kept.slice(0, f.top) : kept;
}

/** Sorts in place by one column; nulls sort last whatever the direction, ties by code. */
export function sortRows<K extends string, R extends { code: string } & Record<K, string | number | null>>(rows: R[], key: K, dir: 'asc' | 'desc'): R[] {
	const sign = dir === 'asc' ? 1 : -1;
	return rows.sort((a, b) => {
		const x = a[key];
		const y = b[key];
		// Region codes are ASCII digits and dots: plain comparison orders them as localeCompare does, at a fraction of its cost on 83,762 rows.
		if (x === y) return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
		if (x === null) return 1;
		if (y === null) return -1;
		return (x < y ? -1 : 1) * sign;
	});
}
