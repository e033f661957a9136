import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { regionCode } from '../edge/fields';
import { AGENCIES, ROLES, type Principal } from './policy';
import type { Queries, Store } from './store';

/** OWASP's Argon2id baseline (19 MiB, 2 passes, 1 lane); the library's default algorithm is Argon2id. */
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** At least 12 characters (docs/access.md); the same rule for new, reset and changed passwords. */
export const MIN_PASSWORD = 12;
export const password = z.string().min(MIN_PASSWORD, `password: at least ${MIN_PASSWORD} characters`).max(200);

const fields = {
	username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,40}$/, 'username: 3–40 of a-z 0-9 . _ -'),
	role: z.enum(ROLES),
	scope: regionCode,
	agency: z.enum(AGENCIES).nullable().default(null)
};
const agencyRule = (a: { role: string; agency: string | null }) => (a.role === 'agency') === (a.agency !== null);
const agencyIssue = { message: 'agency officers need an agency (dinsos, dinkes, dp2kb); other roles none', path: ['agency'] };

/** An account without its password, as an administrator describes it. */
export const accountFields = z.object(fields).refine(agencyRule, agencyIssue);
export type AccountFields = z.output<typeof accountFields>;

export const newAccount = z.object({ ...fields, password }).refine(agencyRule, agencyIssue);
export type NewAccount = z.input<typeof newAccount>;

interface UserRow {
	id: number;
	username: string;
	password_hash: string;
	role: Principal['role'];
	scope: string;
	agency: Principal['agency'];
	disabled: number;
}

export const hashPassword = (plain: string) => hash(plain, ARGON);

export async function createAccount(store: Store, input: NewAccount): Promise<Principal> {
	const a = newAccount.parse(input);
	return insertAccount(store, a, await hashPassword(a.password));
}

/** Inserts a checked account with its password hash (hashed beforehand: Argon2 is slow); `db` is the state database or a transaction of it. */
export async function insertAccount(db: Queries, a: AccountFields, passwordHash: string): Promise<Principal> {
	const row = await db.get<{ id: number }>('INSERT INTO users (username, password_hash, role, scope, agency, created) VALUES (?, ?, ?, ?, ?, ?) RETURNING id', [
		a.username,
		passwordHash,
		a.role,
		a.scope,
		a.agency,
		new Date().toISOString()
	]);
	return { id: row!.id, username: a.username, role: a.role, scope: a.scope, agency: a.agency };
}

export function toPrincipal(row: Pick<UserRow, 'id' | 'username' | 'role' | 'scope' | 'agency'>): Principal {
	return { id: row.id, username: row.username, role: row.role, scope: row.scope, agency: row.agency };
}

export async function listAccounts(store: Store): Promise<(Principal & { disabled: boolean; created: string })[]> {
	const rows = await store.all<UserRow & { created: string }>('SELECT id, username, role, scope, agency, disabled, created FROM users ORDER BY username');
	return rows.map((r) => ({ ...toPrincipal(r), disabled: r.disabled === 1, created: r.created }));
}

/** A hash of a random password, verified when the username is unknown so both paths take as long. */
let decoy: Promise<string> | null = null;

/** The account for a username and password, or null; never says which of the two was wrong. */
export async function checkPassword(store: Store, username: string, password: string): Promise<Principal | null> {
	const row = await store.get<UserRow>('SELECT * FROM users WHERE username = ?', [username.trim().toLowerCase()]);
	if (!row) {
		decoy ??= hash(crypto.randomUUID(), ARGON);
		await verify(await decoy, password);
		return null;
	}
	const ok = await verify(row.password_hash, password);
	return ok && row.disabled === 0 ? toPrincipal(row) : null;
}
