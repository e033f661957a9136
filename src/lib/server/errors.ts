import type { ErrorCode } from '../errors';
import type { Text } from '../indicators';

/**
 * The body of a Kit error, `error(404, bilingual(both(m.error_region_not_found), 'not-found'))`: a message
 * in Indonesian (also Kit's `message`) and English, and why.
 */
export function bilingual(text: Text, code: ErrorCode = 'bad-request'): App.Error {
	return { message: text.id, id: text.id, en: text.en, code };
}
