import type { Store } from './store';

/** At most 5 failed logins per account and 20 per client address in 15 minutes. */
export const WINDOW_MS = 15 * 60_000;
const LIMITS = { user: 5, ip: 20 } as const;

const keys = (username: string, ip: string) => [`user:${username.trim().toLowerCase()}`, `ip:${ip}`] as const;

/** True when another attempt is allowed now; counts failures stored in SQLite so a restart does not reset them. */
export function loginAllowed(store: Store, username: string, ip: string, now = Date.now()): boolean {
	const [u, a] = keys(username, ip);
	const count = store.prepare('SELECT count(*) AS n FROM login_failures WHERE key = ? AND at > ?');
	const n = (key: string) => (count.get(key, now - WINDOW_MS) as { n: number }).n;
	return n(u) < LIMITS.user && n(a) < LIMITS.ip;
}

export function recordFailure(store: Store, username: string, ip: string, now = Date.now()): void {
	const insert = store.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)');
	for (const key of keys(username, ip)) insert.run(key, now);
	store.prepare('DELETE FROM login_failures WHERE at < ?').run(now - WINDOW_MS);
}

/** A successful login clears the account's failures (the address's stay, to slow down spraying). */
export function clearFailures(store: Store, username: string): void {
	store.prepare('DELETE FROM login_failures WHERE key = ?').run(keys(username, '')[0]);
}
