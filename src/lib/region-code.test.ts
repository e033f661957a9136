import { describe, expect, it } from 'vitest';
import { codesFingerprint } from './region-code';

describe('code list fingerprint', () => {
	const codes = ['63.02.01.2001', '63.02.01.2002', '63.02.02.2001'];

	it('is the same for the same codes in the same order, and 16 hex digits', () => {
		expect(codesFingerprint([...codes])).toBe(codesFingerprint(codes));
		expect(codesFingerprint(codes)).toMatch(/^[0-9a-f]{16}$/);
	});

	it('differs for another order, a missing or extra code, or codes split differently', () => {
		const fp = codesFingerprint(codes);
		for (const other of [[...codes].reverse(), codes.slice(1), [...codes, '63.02.02.2002'], ['63.02.01.200163.02.01.2002', '63.02.02.2001'], []]) {
			expect(codesFingerprint(other)).not.toBe(fp);
		}
	});
});
