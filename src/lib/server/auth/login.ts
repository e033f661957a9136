import type { Cookies } from '@sveltejs/kit';
import { checkPassword } from './accounts';
import { limitedAttempt } from './ratelimit';
import { cookieOptions, endSession, pruneSessions, SESSION_COOKIE, startSession } from './sessions';
import { getStore } from './store';

/** Counts the attempt against the limits, checks the password, then sets a fresh session cookie (the old one is dropped). */
export async function logIn(cookies: Cookies, username: string, password: string, ip: string): Promise<'ok' | 'failed' | 'limited'> {
	const store = getStore();
	const user = await limitedAttempt(store, username, ip, () => checkPassword(store, username, password));
	if (user === 'limited') return 'limited';
	if (!user) return 'failed';
	await pruneSessions(store);
	cookies.set(SESSION_COOKIE, await startSession(store, user.id, cookies.get(SESSION_COOKIE)), cookieOptions);
	return 'ok';
}

export async function logOut(cookies: Cookies): Promise<void> {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await endSession(getStore(), token);
	cookies.delete(SESSION_COOKIE, cookieOptions);
}

/** A base no request names: a value that resolves to another origin than this one left the site. */
const DUMMY_ORIGIN = 'http://tepat.invalid';

/**
 * The same-site path to return to (`kembali`) after signing in or switching language, else `/`.
 * Browsers drop tabs and newlines from a Location and read `\` as `/`, so `/<TAB>/evil.com` and
 * `/\evil.com` lead off the site: such values are refused whole, and what remains is read with the
 * WHATWG URL parser (the browser's) against a dummy origin, which must not change, and sent as
 * that parser serialises it, a path with a single leading `/` (`/..//evil.com` resolves to `//evil.com`).
 */
export function safeReturnPath(raw: string | null): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || /[\s\\\p{Cc}]/u.test(raw)) return '/';
	const url = new URL(raw, DUMMY_ORIGIN);
	const path = url.pathname + url.search + url.hash;
	return url.origin === DUMMY_ORIGIN && path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
