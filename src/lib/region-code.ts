/**
 * Kemendagri region codes (`63.02.01.2001`) travel in Arrow answers as their digits (6302012001, the
 * form BPS tables use): eight bytes instead of thirteen plus an offset. The digit count gives the
 * level, so the dotted code comes back without a lookup.
 */
const GROUPS = [2, 2, 2, 4];
const DOTTED = /^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$/;

/** The digits of a dotted province, regency, district or village code; null for anything else (`ID`). */
export function codeDigits(code: string): bigint | null {
	return DOTTED.test(code) ? BigInt(code.replaceAll('.', '')) : null;
}

export function codeFromDigits(digits: bigint): string {
	const s = String(digits);
	const parts: string[] = [];
	let at = 0;
	for (const width of GROUPS) if (at < s.length) parts.push(s.slice(at, (at += width)));
	const code = parts.join('.');
	if (at < s.length || !DOTTED.test(code)) throw new Error(`not a region code: ${s}`);
	return code;
}
