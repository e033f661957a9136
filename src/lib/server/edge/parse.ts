import type { z } from 'zod';
import { bilingual } from '../errors';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: App.Error };

/** Names are echoed in refusals, never values (they may hold anything, a NIK included); long names are cut. */
const shown = (name: string) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);

/**
 * One text value per name, from a query string or a form. A name given twice is refused (the access
 * check and the handler must never read different values of it), as is a file where text is
 * expected; an empty value counts as not given, as HTML forms send their empty fields.
 */
export function singleValues(entries: Iterable<[string, FormDataEntryValue]>): Parsed<Record<string, string>> {
	const out: Record<string, string> = {};
	const seen = new Set<string>();
	for (const [name, value] of entries) {
		if (seen.has(name)) {
			return { ok: false, error: bilingual(`Parameter ${shown(name)} diberikan lebih dari sekali.`, `Parameter ${shown(name)} is given more than once.`) };
		}
		seen.add(name);
		if (typeof value !== 'string') return { ok: false, error: bilingual(`Parameter ${shown(name)} harus teks, bukan berkas.`, `Parameter ${shown(name)} must be text, not a file.`) };
		if (value !== '') out[name] = value;
	}
	return { ok: true, value: out };
}

type Issue = z.core.$ZodIssue;

/** Why a value was refused, in both languages; a schema's own message is written `Indonesian / English`. */
function reason(issue: Issue): { id: string; en: string } {
	const [id, en] = issue.message.split(' / ');
	if (issue.code === 'custom' || (id && en)) return { id: id ?? issue.message, en: en ?? issue.message };
	switch (issue.code) {
		case 'invalid_type':
			return issue.input === undefined ? { id: 'wajib diisi', en: 'required' } : { id: `harus berupa ${issue.expected}`, en: `must be a ${issue.expected}` };
		case 'too_big':
			return issue.origin === 'string'
				? { id: `paling banyak ${issue.maximum} karakter`, en: `at most ${issue.maximum} characters` }
				: { id: `paling besar ${issue.maximum}`, en: `at most ${issue.maximum}` };
		case 'too_small':
			return issue.origin === 'string'
				? { id: `paling sedikit ${issue.minimum} karakter`, en: `at least ${issue.minimum} characters` }
				: { id: `paling kecil ${issue.minimum}`, en: `at least ${issue.minimum}` };
		case 'invalid_value': {
			const values = issue.values.map(String).join(', ');
			return { id: `salah satu dari: ${values}`, en: `one of: ${values}` };
		}
		default:
			return { id: 'format tidak valid', en: 'invalid format' };
	}
}

/** The values through `schema`, or a bilingual 400 body naming the first parameter that failed and why. */
export function parseWith<T>(schema: z.ZodType<T>, values: Record<string, string>): Parsed<T> {
	const result = schema.safeParse(values);
	if (result.success) return { ok: true, value: result.data };
	const issue = result.error.issues[0]!;
	if (issue.code === 'unrecognized_keys') {
		const names = issue.keys.map(shown).join(', ');
		return { ok: false, error: bilingual(`Parameter tidak dikenal: ${names}.`, `Unknown parameter: ${names}.`) };
	}
	const name = shown(issue.path.map(String).join('.') || '?');
	const why = reason(issue);
	return { ok: false, error: bilingual(`Parameter ${name} tidak valid: ${why.id}.`, `Invalid parameter ${name}: ${why.en}.`) };
}
