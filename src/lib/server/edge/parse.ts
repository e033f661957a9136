import type { z } from 'zod';
import { bilingual } from '../errors';
import { both, inBoth } from '../../bilingual';
import type { Text } from '../../indicators';
import { m } from '../../paraglide/messages';

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
			return { ok: false, error: bilingual(both(m.error_param_repeated, { name: shown(name) })) };
		}
		seen.add(name);
		if (typeof value !== 'string') return { ok: false, error: bilingual(both(m.error_param_file, { name: shown(name) })) };
		if (value !== '') out[name] = value;
	}
	return { ok: true, value: out };
}

type Issue = z.core.$ZodIssue;

/** Why a value was refused, in both languages: the schema's own message (one string for zod, so `oneLine`), or zod's issue in words. */
function reason(issue: Issue): Text {
	const [id, en] = issue.message.split(' / ');
	if (issue.code === 'custom' || (id && en)) return { id: id ?? issue.message, en: en ?? issue.message };
	switch (issue.code) {
		case 'invalid_type':
			return issue.input === undefined ? both(m.error_reason_required) : both(m.error_reason_type, { expected: issue.expected });
		case 'too_big':
			return issue.origin === 'string' ? both(m.error_reason_max_chars, { max: String(issue.maximum) }) : both(m.error_reason_max, { max: String(issue.maximum) });
		case 'too_small':
			return issue.origin === 'string' ? both(m.error_reason_min_chars, { min: String(issue.minimum) }) : both(m.error_reason_min, { min: String(issue.minimum) });
		case 'invalid_value':
			return both(m.error_reason_one_of, { values: issue.values.map(String).join(', ') });
		default:
			return both(m.error_reason_format);
	}
}

/** The values through `schema`, or a bilingual 400 body naming the first parameter that failed and why. */
export function parseWith<T>(schema: z.ZodType<T>, values: Record<string, string>): Parsed<T> {
	const result = schema.safeParse(values);
	if (result.success) return { ok: true, value: result.data };
	const issue = result.error.issues[0]!;
	if (issue.code === 'unrecognized_keys') {
		const names = issue.keys.map(shown).join(', ');
		return { ok: false, error: bilingual(both(m.error_param_unknown, { names })) };
	}
	const name = shown(issue.path.map(String).join('.') || '?');
	const why = reason(issue);
	return { ok: false, error: bilingual(inBoth((locale) => m.error_param_invalid({ name, reason: why[locale] }, { locale }))) };
}
