import { describe, expect, it } from 'vitest';
import { messageOf, textsWrittenIn } from '../../../../tests/messages';
import { EXPIRED, failure } from './admin';
import { ERRORS, ImportError, type ErrorCode } from './messages';

describe('what the importer says', () => {
	it('reads every problem from its Paraglide message in both languages, limits filled in', () => {
		for (const [code, text] of Object.entries(ERRORS)) expect(messageOf(text), code).toBe(`import_${code.toLowerCase()}`);
		expect(ERRORS.FILE_TOO_LARGE.en).toMatch(/larger than the \d+ GiB limit/);
	});

	it('words a failed import and an expired upload from messages too, and a cell never reaches the page', () => {
		const refused = failure(new ImportError('BAD_KIND' satisfies ErrorCode, 'x'));
		expect(refused).toEqual({ code: 'BAD_KIND', id: `${ERRORS.BAD_KIND.id} (x)`, en: `${ERRORS.BAD_KIND.en} (x)` });
		const other = failure(new Error('row 5: Siti, 6302011234567890'));
		expect(messageOf(other)).toBe('import_failed');
		expect(JSON.stringify(other)).not.toMatch(/Siti|6302011234567890/);
		expect(messageOf(EXPIRED)).toBe('import_expired');
	});

	it('writes no text of its own in the modules that report problems', () => {
		for (const file of ['src/lib/server/importer/messages.ts', 'src/lib/server/importer/admin.ts', 'src/lib/server/byname/verval.ts', 'src/routes/admin/import/+page.server.ts']) {
			expect(textsWrittenIn(file), file).toEqual([]);
		}
	});
});
