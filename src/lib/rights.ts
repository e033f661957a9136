/**
 * The four rights of a distribution (Empat Tepat): their shares from the counts of `programme_rights` and
 * `programme_coverage`, the weakest right, and their words; shared by the workbench, the brief, the public
 * pages and the file exports.
 */
import { m } from './paraglide/messages';

export const RIGHTS = ['sasaran', 'jumlah', 'waktu', 'administrasi'] as const;
export type Right = (typeof RIGHTS)[number];

type Label = (inputs?: Record<string, never>, options?: { locale?: 'id' | 'en' }) => string;
export const RIGHT_LABEL: Record<Right, Label> = {
	sasaran: m.rights_sasaran,
	jumlah: m.rights_jumlah,
	waktu: m.rights_waktu,
	administrasi: m.rights_administrasi
};

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

/** The method note of each right in one language; `date` is the evaluation date (the snapshot date). */
export function rightsMethod(date: string | null, locale: 'id' | 'en'): Record<Right, string> {
	const o = { locale };
	const d = { date: date ?? '–' };
	return {
		sasaran: m.rights_method_sasaran({}, o),
		jumlah: m.rights_method_jumlah(d, o),
		waktu: m.rights_method_waktu(d, o),
		administrasi: m.rights_method_administrasi({}, o)
	};
}

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
