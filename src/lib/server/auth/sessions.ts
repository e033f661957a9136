import { createHash, randomBytes } from 'node:crypto';
import { toPrincipal } from './accounts';
import type { Principal } from './policy';
import type { Queries, Store } from './store';

/** `__Host-` binds the cookie to this host and path `/`, and requires Secure. */
export const SESSION_COOKIE = '__Host-tepat_session';
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 8 * 60 * 60_000;

export const cookieOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;

/** Only a hash of the token is stored, so a copy of the database does not yield live sessions. */
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Starts a fresh session for a user who just proved their password. Any session the browser
 * carried before (possibly planted by someone else) is deleted: the token always changes on login.
 */
export async function startSession(store: Store, userId: number, previousToken: string | undefined, now = Date.now()): Promise<string> {
	if (previousToken) await endSession(store, previousToken);
	const token = randomBytes(32).toString('base64url');
	await store.run('INSERT INTO sessions (token_hash, user_id, created, last_seen) VALUES (?, ?, ?, ?)', [tokenHash(token), userId, now, now]);
	return token;
}

/** The signed-in user for a token, or null when unknown, expired (idle or absolute) or disabled. */
export async function readSession(store: Store, token: string | undefined, now = Date.now()): Promise<Principal | null> {
	if (!token || token.length > 100) return null;
	const key = tokenHash(token);
	const row = await store.get<{ created: number; last_seen: number; id: number; username: string; role: Principal['role']; scope: string; agency: Principal['agency']; disabled: number }>(
		`SELECT s.created, s.last_seen, u.id, u.username, u.role, u.scope, u.agency, u.disabled
		 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
		[key]
	);
	if (!row) return null;
	if (row.disabled || now - row.last_seen > IDLE_MS || now - row.created > ABSOLUTE_MS) {
		await store.run('DELETE FROM sessions WHERE token_hash = ?', [key]);
		return null;
	}
	await store.run('UPDATE sessions SET last_seen = ? WHERE token_hash = ?', [now, key]);
	return toPrincipal(row);
}

export async function endSession(store: Store, token: string): Promise<void> {
	await store.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash(token)]);
}

/** Ends every session of an account (disabled, or its password reset), but the one whose token is `keep`. */
export async function endSessionsOf(db: Queries, userId: number, keep?: string): Promise<void> {
	await db.run('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?', [userId, keep ? tokenHash(keep) : '']);
}

/** Drops expired sessions; called now and then so the table does not grow without bound. */
export async function pruneSessions(store: Store, now = Date.now()): Promise<void> {
	await store.run('DELETE FROM sessions WHERE last_seen < ? OR created < ?', [now - IDLE_MS, now - ABSOLUTE_MS]);
}
