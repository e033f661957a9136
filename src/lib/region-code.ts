/**
 * Kemendagri region codes, `PP.KK.CC.DDDD` (province, regency, district, village), and `ID` for the
 * whole country: the one place that says what a code looks like and how codes nest. Route matchers
 * (`src/params`), request schemas and the access policy all ask here.
 */
const DOTTED = /^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$/;
const DISTRICT = /^\d{2}\.\d{2}\.\d{2}$/;
const LIST_REGION = /^\d{2}\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?$/;

/** The country (`ID`) or a dotted province, regency, district or village code. */
export function isRegionCode(s: string): boolean {
	return s === 'ID' || DOTTED.test(s);
}

export function isDistrictCode(s: string): boolean {
	return DISTRICT.test(s);
}

/** What a by-name list may be asked for: a regency, a district or a village, never a province or the country. */
export function isListRegion(s: string): boolean {
	return LIST_REGION.test(s);
}

/** True when `code` is `root` or lies under it; codes nest by prefix at a dot boundary, and `ID` holds every code. */
export function inSubtree(root: string, code: string): boolean {
	if (!isRegionCode(code)) return false;
	return root === 'ID' || code === root || code.startsWith(`${root}.`);
}

/** The prefix every code below `code` starts with (empty for the country). */
export function childPrefix(code: string): string {
	return code === 'ID' ? '' : `${code}.`;
}

/*
 * Codes travel in Arrow answers as their digits (6302012001, the form BPS tables use): eight bytes
 * instead of thirteen plus an offset. The digit count gives the level, so the dotted code comes back
 * without a lookup.
 */
const GROUPS = [2, 2, 2, 4];

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

/**
 * Dotted codes for an Int64 column of digits, about as fast as the browser parses JSON: the words are
 * read as numbers (no BigInt per row) and neighbouring rows share a parent, whose dotted form is made
 * once.
 */
export function codesFromDigits(digits: BigInt64Array): string[] {
	const words = new Uint32Array(digits.buffer, digits.byteOffset, digits.length * 2);
	const out = new Array<string>(digits.length);
	let parent = -1;
	let prefix = '';
	for (let i = 0; i < digits.length; i++) {
		// Little-endian words; codes are positive and below 2^53.
		const n = (words[2 * i + 1] ?? 0) * 2 ** 32 + (words[2 * i] ?? 0);
		if (n < 100) {
			out[i] = codeFromDigits(BigInt(n));
			continue;
		}
		const village = n >= 1e6;
		const unit = village ? 1e4 : 100;
		const p = Math.floor(n / unit);
		if (p !== parent) {
			parent = p;
			prefix = `${codeFromDigits(BigInt(p))}.`;
		}
		out[i] = prefix + String(n % unit).padStart(village ? 4 : 2, '0');
	}
	return out;
}

/**
 * A fingerprint of a code list, in order: a map that holds a view's codes sends it with `codes=`, and an
 * answer with the same codes then leaves them out (they are most of a national answer's bytes). Two
 * 32-bit FNV-1a passes with different bases over the characters, as 16 hex digits.
 */
export function codesFingerprint(codes: readonly string[]): string {
	let [a, b] = [0x811c9dc5, 0x01000193 ^ codes.length];
	for (const code of codes) {
		for (let i = 0; i < code.length; i++) {
			const c = code.charCodeAt(i);
			a = Math.imul(a ^ c, 0x01000193);
			b = Math.imul(b ^ (c + 0x9e), 0x01000193) ^ (a >>> 13);
		}
		a = Math.imul(a ^ 0x0a, 0x01000193);
	}
	return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
