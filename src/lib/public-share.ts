/**
 * A share of two published counts: hidden (null) when either count is hidden, no figure (undefined) when either
 * is missing or the whole is 0. Public pages and files say which: "disembunyikan" is not "tidak ada data".
 */
export function publicShare(part: number | null | undefined, whole: number | null | undefined): number | null | undefined {
	if (part === undefined || whole === undefined || whole === 0) return undefined;
	if (part === null || whole === null) return null;
	return (100 * part) / whole;
}
