import { readFileSync } from 'node:fs';
import type { Text } from '../src/lib/indicators';

type Pattern = { re: RegExp; literal: number };

/**
 * A message as a pattern its rendered text must match (each `{input}` stands for any text) and the length of
 * its own text, or none when it has no text of its own.
 */
function pattern(template: string): Pattern | undefined {
	const literal = template.split(/(?<!\\)\{[^}]+\}/).map((part) => part.replace(/\\([{}\\])/g, '$1'));
	const length = literal.join('').trim().length;
	if (!length) return undefined;
	return { re: new RegExp(`^${literal.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 's'), literal: length };
}

function patterns(locale: 'id' | 'en'): Map<string, Pattern> {
	const json: Record<string, string> = JSON.parse(readFileSync(new URL(`../messages/${locale}.json`, import.meta.url), 'utf8'));
	return new Map(
		Object.entries(json).flatMap(([key, template]) => {
			const p = key === '$schema' ? undefined : pattern(template);
			return p ? [[key, p] as const] : [];
		})
	);
}

const ID = patterns('id');
const EN = patterns('en');

/**
 * The key of the Paraglide message whose Indonesian text gives `text.id` and whose English text gives
 * `text.en` (of several, the one with the most text of its own: `{level} in {name}` matches much), or
 * undefined when no message does (the text was written somewhere else).
 */
export function messageOf(text: Text): string | undefined {
	let best: { key: string; literal: number } | undefined;
	for (const [key, id] of ID) {
		const en = EN.get(key);
		if (!en || !id.re.test(text.id) || !en.re.test(text.en)) continue;
		const literal = id.literal + en.literal;
		if (!best || literal > best.literal) best = { key, literal };
	}
	return best?.key;
}

/**
 * Lines of a source file (path from the repository root) that write an English text of their own (`en: 'Not found'`)
 * instead of reading a message; a template that only joins values (`en: `${code} — ${note.en}``) writes none.
 */
export function textsWrittenIn(file: string): string[] {
	return readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')
		.split('\n')
		.filter((line) => [...line.matchAll(/\ben:\s*(['"`])(.*?)\1/g)].some(([, , literal]) => /[A-Za-z]{2}/.test(literal!.replace(/\$\{[^}]*\}/g, ''))));
}
