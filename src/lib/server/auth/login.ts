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

/** Only same-site paths: `//host` and absolute URLs would make the login page an open redirect. */
export function safeReturnPath(raw: string | null): string {
	return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : '/';
}
