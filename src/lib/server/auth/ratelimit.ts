import type { Store } from './store';

/** At most 5 sign-in attempts per account and 20 per client address in 15 minutes. */
export const WINDOW_MS = 15 * 60_000;
export const LIMITS = { account: 5, address: 20 } as const;

/** Usernames are at most 40 characters; a longer typed name is cut so it cannot bloat the table. */
const accountKey = (username: string) => username.trim().toLowerCase().slice(0, 64);

interface Counted {
	account: number;
	address: number;
	/** The oldest attempt on the account (on the address) still being checked, if any. */
	account_open: number | null;
	address_open: number | null;
}

/**
 * Runs `check` (the password check) only when the attempt fits the limits, and says 'limited'
 * otherwise. The attempt is counted before the check, in one `exclusive` transaction of the
 * state database: a burst of concurrent attempts, on one instance or several sharing the
 * database, gets at most 5 checks per account and 20 per address, however slow the hash is.
 *
 * Every attempt counts for the window, whatever its outcome, except what a success forgives:
 * the account's attempts (and the address's earlier successes, so that an office behind one
 * address can sign in all morning) that had finished before the success was counted. Its own
 * row and anything checked alongside it keep counting, so a right password inside a burst lets
 * no more guesses through; the account's next success forgives it in turn. An attempt whose
 * check threw counts as a failure.
 */
export async function limitedAttempt<T>(store: Store, username: string, address: string, check: () => Promise<T | null>, now = Date.now()): Promise<T | null | 'limited'> {
	const account = accountKey(username);
	const counted = await store.exclusive(async (tx) => {
		await tx.run('DELETE FROM login_attempts WHERE at <= ?', [now - WINDOW_MS]);
		const n = (await tx.get<Counted>(
			`SELECT (SELECT count(*) FROM login_attempts WHERE account = ?) AS account,
				(SELECT count(*) FROM login_attempts WHERE address = ?) AS address,
				(SELECT min(id) FROM login_attempts WHERE account = ? AND outcome IS NULL) AS account_open,
				(SELECT min(id) FROM login_attempts WHERE address = ? AND outcome IS NULL) AS address_open`,
			[account, address, account, address]
		))!;
		if (n.account >= LIMITS.account || n.address >= LIMITS.address) return null;
		const { id } = (await tx.get<{ id: number }>('INSERT INTO login_attempts (account, address, at) VALUES (?, ?, ?) RETURNING id', [account, address, now]))!;
		return { id, ...n };
	});
	if (!counted) return 'limited';

	let result: T | null = null;
	try {
		result = await check();
	} finally {
		await store.run('UPDATE login_attempts SET outcome = ? WHERE id = ?', [result === null ? 'fail' : 'ok', counted.id]);
	}
	if (result !== null) {
		// Below the oldest attempt still open when this one was counted, every row had finished by then.
		await store.run('UPDATE login_attempts SET account = NULL WHERE account = ? AND id < ?', [account, counted.account_open ?? counted.id]);
		await store.run("UPDATE login_attempts SET address = NULL WHERE address = ? AND outcome = 'ok' AND id < ?", [address, counted.address_open ?? counted.id]);
	}
	return result;
}
