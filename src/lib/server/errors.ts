import type { ErrorCode } from '../errors';

/** The body of a Kit error, `error(404, bilingual('…', '…', 'not-found'))`: Indonesian (also Kit's `message`), English, and why. */
export function bilingual(id: string, en: string, code: ErrorCode = 'bad-request'): App.Error {
	return { message: id, id, en, code };
}
