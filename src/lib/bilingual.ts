import type { Locale } from './format';
import type { Text } from './indicators';

/** A Paraglide message without inputs (`m.app_name`), read in a locale given explicitly. */
export type Message = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

/**
 * A text in both languages, rendered from Paraglide messages: the `{ id, en }` shape in which a text
 * travels where one answer carries both (indicator descriptions, API error bodies).
 */
export const inBoth = (render: (locale: Locale) => string): Text => ({ id: render('id'), en: render('en') });

/** A message in both languages, with its inputs when it takes some: `both(m.error_region_unknown, { code })`. */
export function both(message: Message): Text;
export function both<I>(message: (inputs: I, options?: { locale?: Locale }) => string, inputs: I): Text;
export function both<I>(message: (inputs: I, options?: { locale?: Locale }) => string, inputs?: I): Text {
	return inBoth((locale) => message(inputs as I, { locale }));
}

/** A text in both languages on one line, Indonesian first: for a cell or a string that must carry both (an export's header, a zod message). */
export const oneLine = (text: Text) => `${text.id} / ${text.en}`;
