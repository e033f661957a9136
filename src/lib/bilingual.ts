import type { Locale } from './format';
import type { Text } from './indicators';

/** A Paraglide message without inputs (`m.app_name`), read in a locale given explicitly. */
export type Message = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

/**
 * A text in both languages, rendered from Paraglide messages: the `{ id, en }` shape in which a text
 * travels where one answer carries both (indicator descriptions, API error bodies).
 */
export const inBoth = (render: (locale: Locale) => string): Text => ({ id: render('id'), en: render('en') });

/** `inBoth` for a message without inputs. */
export const both = (message: Message): Text => inBoth((locale) => message({}, { locale }));
