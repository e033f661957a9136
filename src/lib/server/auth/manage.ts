import { randomInt } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { hashPassword, insertAccount, password, type AccountFields } from './accounts';
import { appendAuditIn, type AccountAction } from './audit';
import type { Principal } from './policy';
import { limitedAttempt } from './ratelimit';
import { endSessionsOf } from './sessions';
import type { Queries, Store } from './store';

/**
 * Account changes made by people (the national administrator's page, the account page, the command
 * line). Each change and its audit entry are written in one `exclusive` transaction: there is no
 * change without its entry, and no entry for a change that failed.
 */

/** Who made a change: an account, or the command line (`id` 0). */
export type Actor = Pick<Principal, 'id' | 'username'>;

/** Letters and digits no one misreads on paper (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A first password for a new or reset account, shown to the administrator once: four groups of four (about 79 bits). */
export function initialPassword(): string {
	const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
	return [group(), group(), group(), group()].join('-');
}

interface Target {
	id: number;
	username: string;
	role: Principal['role'];
	scope: string;
	agency: Principal['agency'];
	disabled: number;
}

const findAccount = (db: Queries, username: string) =>
	db.get<Target>('SELECT id, username, role, scope, agency, disabled FROM users WHERE username = ?', [username.trim().toLowerCase()]);

const named = (a: Pick<Target, 'username' | 'role' | 'scope' | 'agency'>) => ({ account: a.username, role: a.role, scope: a.scope, agency: a.agency });

function record(tx: Queries, actor: Actor, action: AccountAction, account: Pick<Target, 'username' | 'role' | 'scope' | 'agency'>) {
	return appendAuditIn(tx, actor, { action, filter: named(account), rowCount: 0, purpose: '' });
}

/** Creates the account with `plain` as its password (checked like any password), and audits it; 'taken' when the username exists. */
export async function addAccount(store: Store, actor: Actor, fields: AccountFields, plain: string): Promise<Principal | 'taken'> {
	const hash = await hashPassword(password.parse(plain));
	return store.exclusive(async (tx) => {
		if (await findAccount(tx, fields.username)) return 'taken';
		const account = await insertAccount(tx, fields, hash);
		await record(tx, actor, 'account.create', account);
		return account;
	});
}

export type Refused = 'unknown' | 'self';

/** Disables or enables an account; disabling ends its sessions at once. An administrator cannot disable their own account. */
export function setDisabled(store: Store, actor: Actor, username: string, disabled: boolean): Promise<'ok' | Refused> {
	return store.exclusive(async (tx) => {
		const target = await findAccount(tx, username);
		if (!target) return 'unknown';
		if (target.id === actor.id) return 'self';
		await tx.run('UPDATE users SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, target.id]);
		if (disabled) await endSessionsOf(tx, target.id);
		await record(tx, actor, disabled ? 'account.disable' : 'account.enable', target);
		return 'ok';
	});
}

/** Gives the account a new first password and ends its sessions; returns the password to show once. */
export async function resetPassword(store: Store, actor: Actor, username: string): Promise<{ password: string } | Refused> {
	const plain = initialPassword();
	const hash = await hashPassword(plain);
	return store.exclusive(async (tx) => {
		const target = await findAccount(tx, username);
		if (!target) return 'unknown';
		if (target.id === actor.id) return 'self';
		await tx.run('UPDATE users SET password_hash = ? WHERE id = ?', [hash, target.id]);
		await endSessionsOf(tx, target.id);
		await record(tx, actor, 'account.reset', target);
		return { password: plain };
	});
}

/**
 * A signed-in user replaces their own password after typing the current one, which counts against
 * the sign-in limits (a stolen session cannot guess it faster than the sign-in form can). Their
 * other sessions end; `keep` (the session in use) stays.
 */
export async function changeOwnPassword(
	store: Store,
	user: Principal,
	change: { current: string; next: string; address: string; keep: string | undefined }
): Promise<'ok' | 'wrong' | 'limited'> {
	const checked = await limitedAttempt(store, user.username, change.address, async () => {
		const row = await store.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ? AND disabled = 0', [user.id]);
		return row && (await verify(row.password_hash, change.current)) ? true : null;
	});
	if (checked === 'limited') return 'limited';
	if (checked === null) return 'wrong';
	const hash = await hashPassword(password.parse(change.next));
	await store.exclusive(async (tx) => {
		await tx.run('UPDATE users SET password_hash = ? WHERE id = ?', [hash, user.id]);
		await endSessionsOf(tx, user.id, change.keep);
		await record(tx, user, 'account.password', user);
	});
	return 'ok';
}
