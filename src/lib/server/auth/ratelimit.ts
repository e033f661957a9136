import type { Store } from './store';

/** At most 5 failed logins per account and 20 per client address in 15 minutes. */
export const WINDOW_MS = 15 * 60_000;
const LIMITS = { user: 5, ip: 20 } as const;

const keys = (username: string, ip: string) => [`user:${username.trim().toLowerCase()}`, `ip:${ip}`] as const;

/**
 * True when another attempt is allowed now; failures are counted in the state database, so a
 * restart does not reset them and every instance sharing the database sees the same count.
 */
export async function loginAllowed(store: Store, username: string, ip: string, now = Date.now()): Promise<boolean> {
	const [u, a] = keys(username, ip);
	const n = async (key: string) => (await store.get<{ n: number }>('SELECT count(*) AS n FROM login_failures WHERE key = ? AND at > ?', [key, now - WINDOW_MS]))!.n;
	return (await n(u)) < LIMITS.user && (await n(a)) < LIMITS.ip;
}

export async function recordFailure(store: Store, username: string, ip: string, now = Date.now()): Promise<void> {
	for (const key of keys(username, ip)) await store.run('INSERT INTO login_failures (key, at) VALUES (?, ?)', [key, now]);
	await store.run('DELETE FROM login_failures WHERE at < ?', [now - WINDOW_MS]);
}

/** A successful login clears the account's failures (the address's stay, to slow down spraying). */
export async function clearFailures(store: Store, username: string): Promise<void> {
	await store.run('DELETE FROM login_failures WHERE key = ?', [keys(username, '')[0]]);
}
