import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './login';
import { OPEN_REDIRECTS, SAME_SITE_RETURNS } from '../../../../tests/redirects';

describe('return path after sign-in and language switch (kembali)', () => {
	it.each(OPEN_REDIRECTS)('sends %j home instead of off the site', (raw) => {
		expect(safeReturnPath(raw)).toBe('/');
	});

	it.each(SAME_SITE_RETURNS)('keeps the same-site path %j', (raw, expected) => {
		expect(safeReturnPath(raw)).toBe(expected);
	});
});
