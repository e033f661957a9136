/**
 * The four rights of a distribution (Empat Tepat): their shares from the counts of `programme_rights` and
 * `programme_coverage`, and the weakest right; shared by the workbench, the brief, the public pages, the file
 * exports and the public build (words in rights-labels.ts).
 */
export const RIGHTS = ['sasaran', 'jumlah', 'waktu', 'administrasi'] as const;
export type Right = (typeof RIGHTS)[number];

/** The counts a share is taken from; null where a public figure is suppressed. */
export interface RightsShareCounts {
	reached: number | null;
	reached_eligible: number | null;
	recipients: number | null;
	paid_exact: number | null;
	rounds_delivered: number | null;
	rounds_on_time: number | null;
	receipts_signed: number | null;
}

export type RightsShares = Record<`${Right}_pct`, number | null> & {
	/** The right with the lowest share (the first in order on a tie), and that share. */
	worst: Right | null;
	worst_pct: number | null;
};

/** Each right's share: numerator and denominator among the counts. */
export const RIGHT_COUNTS: Record<Right, [keyof RightsShareCounts, keyof RightsShareCounts]> = {
	sasaran: ['reached_eligible', 'reached'],
	jumlah: ['paid_exact', 'recipients'],
	waktu: ['rounds_on_time', 'rounds_delivered'],
	administrasi: ['receipts_signed', 'rounds_delivered']
};

const pct = (part: number | null | undefined, whole: number | null | undefined) =>
	part === null || part === undefined || whole === null || whole === undefined || whole <= 0 ? null : (100 * part) / whole;

/**
 * Sasaran: reached and eligible ÷ reached; jumlah: recipients paid exactly their entitlement ÷ recipients;
 * waktu: delivered rounds inside their window ÷ delivered rounds; administrasi: deliveries with a signed
 * receipt ÷ deliveries. A share over a missing or suppressed count is null.
 */
export function rightsShares(c: Partial<RightsShareCounts>): RightsShares {
	const share = (r: Right) => pct(c[RIGHT_COUNTS[r][0]], c[RIGHT_COUNTS[r][1]]);
	const shares = { sasaran_pct: share('sasaran'), jumlah_pct: share('jumlah'), waktu_pct: share('waktu'), administrasi_pct: share('administrasi') };
	let worst: Right | null = null;
	for (const r of RIGHTS) {
		const v = shares[`${r}_pct`];
		if (v !== null && (worst === null || v < shares[`${worst}_pct`]!)) worst = r;
	}
	return { ...shares, worst, worst_pct: worst && shares[`${worst}_pct`] };
}

/** A share on a public page: `suppressed` when either of its counts is hidden (null), so no share reveals a small count. */
export function publicShare(counts: Partial<RightsShareCounts>, right: Right): number | null | 'suppressed' {
	if (RIGHT_COUNTS[right].some((k) => counts[k] === null)) return 'suppressed';
	return rightsShares(counts)[`${right}_pct`];
}

/** One region's (or one programme's) four rights: the counts of `programme_rights` and `programme_coverage` with their shares. */
export type RightsRow = RightsShares & {
	code: string;
	name: string;
	district_name: string | null;
	reached: number;
	reached_eligible: number;
	recipients: number;
	off_list: number;
	off_list_pct: number | null;
	paid_exact: number;
	paid_short: number;
	paid_over: number;
	short_rp: number;
	over_rp: number;
	rounds_delivered: number;
	rounds_on_time: number;
	rounds_late: number;
	rounds_early: number;
	late_median_days: number | null;
	/** Null while the programme runs. */
	rounds_undelivered: number | null;
	receipts_signed: number;
	receipts_missing: number;
	dropouts: number;
	dropouts_no_reason: number;
};

/** A programme's row: the region's own four rights with the programme's schedule and evaluation date. */
export type ProgrammeRights = RightsRow & {
	period: number;
	name_id: string;
	name_en: string;
	start_month: number;
	rounds: number;
	round_months: number;
	cash_per_round_rp: number;
	in_kind_per_round_rp: number;
	channel: string;
	funder: string;
	evaluated: string;
};
