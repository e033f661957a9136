import { readFileSync } from 'node:fs';
import type { Text } from '../src/lib/indicators';

/** A message as a pattern its rendered text must match (each `{input}` stands for any text), or none when it has no text of its own. */
function pattern(template: string): RegExp | undefined {
	const literal = template.split(/(?<!\\)\{[^}]+\}/).map((part) => part.replace(/\\([{}\\])/g, '$1'));
	if (!literal.join('').trim()) return undefined;
	return new RegExp(`^${literal.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 's');
}

function patterns(locale: 'id' | 'en'): Map<string, RegExp> {
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
 * The key of a Paraglide message whose Indonesian text gives `text.id` and whose English text gives
 * `text.en`, or undefined when no message does (the text was written somewhere else).
 */
export function messageOf(text: Text): string | undefined {
	if (!text.id || !text.en) return undefined;
	for (const [key, id] of ID) if (id.test(text.id) && EN.get(key)?.test(text.en)) return key;
	return undefined;
}

/** Lines of a source file (path from the repository root) that write an English text of their own (`en: '…'`) instead of reading a message. */
export function textsWrittenIn(file: string): string[] {
	return readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')
		.split('\n')
		.filter((line) => /\ben:\s*['"`]/.test(line));
}
