import { describe, expect, it } from 'vitest';
import { messageOf, textsWrittenIn } from '../../../../tests/messages';
import { EXPIRED, failure } from './admin';
import { KIND_SPECS, KINDS } from './kinds';
import { targetLabel } from './mapping';
import { sampleFile } from './samples';
import { EXTRA_FIELDS, IGNORE } from './synonyms';
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

	it('names every kind of data, extra mapping field and sample file from messages', () => {
		for (const kind of KINDS) {
			expect(messageOf(KIND_SPECS[kind].label), kind).toBeDefined();
			expect(messageOf(sampleFile(kind).note), kind).toBeDefined();
		}
		for (const field of [...EXTRA_FIELDS, IGNORE]) expect(messageOf(targetLabel(KIND_SPECS.households, field)), field).toBeDefined();
	});

	it('reads every column note of the templates, the mapping step and docs/import.md from messages', () => {
		for (const kind of KINDS) for (const col of KIND_SPECS[kind].columns) expect(messageOf(col.note), `${kind}.${col.name}`).toBeDefined();
	});

	it('writes no text of its own in the modules that report problems or name kinds and fields', () => {
		const files = ['messages.ts', 'admin.ts', 'kinds.ts', 'mapping.ts', 'samples.ts'].map((f) => `src/lib/server/importer/${f}`);
		for (const file of [...files, 'src/lib/server/byname/verval.ts', 'src/routes/admin/import/+page.server.ts', 'src/lib/server/coverage/service.ts']) {
			expect(textsWrittenIn(file), file).toEqual([]);
		}
	});
});
