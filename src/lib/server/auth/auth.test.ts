import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '../../../../tests/postgres';
import { checkPassword, createAccount } from './accounts';
import { appendAudit, readAudit, verifyAudit, type AuditRecord } from './audit';
import type { Principal } from './policy';
import { LIMITS, limitedAttempt, WINDOW_MS } from './ratelimit';
import { ABSOLUTE_MS, endSession, IDLE_MS, readSession, startSession } from './sessions';
import { openStore, type Store } from './store';

/**
 * The same behaviour on both state databases: the default SQLite file, and PostgreSQL
 * (`TEPAT_STATE_URL`) in a throw-away cluster. Needs PostgreSQL installed (`.ci/run` installs it).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-auth-'));
let cluster: PgCluster | undefined;
afterAll(async () => {
	await cluster?.stop();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** What someone with direct access to each database would run to get around the append-only guard. */
const TAMPER = {
	sqlite: { wipe: 'DELETE FROM audit_log', dropGuard: 'DROP TRIGGER audit_log_no_update' },
	postgres: { wipe: 'TRUNCATE audit_log', dropGuard: 'DROP TRIGGER audit_log_no_update ON audit_log' }
} as const;

const VIEW: AuditRecord = { action: 'byname.view', filter: { village: '63.02.01.2001' }, rowCount: 10, purpose: 'verifikasi lapangan' };

describe.each(['sqlite', 'postgres'] as const)('auth state in %s', (dialect) => {
	let location: string;
	let store: Store;
	let planner: Principal;

	beforeAll(async () => {
		if (dialect === 'postgres') {
			cluster = await startPostgres();
			await cluster.client.query('CREATE DATABASE auth_test');
			location = cluster.url('auth_test');
		} else {
			location = path.join(dir, 'state.sqlite');
		}
		store = openStore(location);
		expect(store.dialect).toBe(dialect);
		planner = await createAccount(store, { username: 'Rina', password: 'correct horse battery', role: 'planner', scope: '63.02' });
	});
	afterAll(async () => {
		await store?.close();
	});

	/** A second app instance: its own connection(s) to the same database. */
	async function withSecondInstance<T>(fn: (other: Store) => Promise<T>): Promise<T> {
		const other = openStore(location);
		try {
			return await fn(other);
		} finally {
			await other.close();
		}
	}

	describe('accounts and sessions', () => {
		it('stores an Argon2id hash, never the password', async () => {
			const row = await store.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = ?', ['rina']);
			expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
			expect(row?.password_hash).not.toContain('correct horse');
		});

		it('refuses short passwords, unknown roles and agency officers without an agency', async () => {
			await expect(createAccount(store, { username: 'x1x', password: 'short', role: 'viewer', scope: 'ID' })).rejects.toThrow();
			await expect(createAccount(store, { username: 'x2x', password: 'long enough password', role: 'root' as never, scope: 'ID' })).rejects.toThrow();
			await expect(createAccount(store, { username: 'x3x', password: 'long enough password', role: 'agency', scope: '63.02' })).rejects.toThrow();
		});

		it('accepts the right password and nothing else', async () => {
			expect(await checkPassword(store, 'RINA', 'correct horse battery')).toMatchObject({ id: planner.id, role: 'planner', scope: '63.02' });
			expect(await checkPassword(store, 'rina', 'wrong horse battery')).toBeNull();
			expect(await checkPassword(store, 'nobody', 'correct horse battery')).toBeNull();
		});

		it('issues a new token at every login and forgets the one the browser had before (no fixation)', async () => {
			const planted = await startSession(store, planner.id, undefined);
			const fresh = await startSession(store, planner.id, planted);
			expect(fresh).not.toBe(planted);
			expect(await readSession(store, planted)).toBeNull();
			expect((await readSession(store, fresh))?.username).toBe('rina');
			expect(await readSession(store, 'made-up-token')).toBeNull();
		});

		it('ends sessions after the idle and the absolute timeout', async () => {
			const t0 = Date.now();
			const idle = await startSession(store, planner.id, undefined, t0);
			expect(await readSession(store, idle, t0 + IDLE_MS + 1)).toBeNull();
			const busy = await startSession(store, planner.id, undefined, t0);
			for (let t = t0; t < t0 + ABSOLUTE_MS; t += IDLE_MS / 2) expect(await readSession(store, busy, t)).not.toBeNull();
			expect(await readSession(store, busy, t0 + ABSOLUTE_MS + 1)).toBeNull();
		});

		it('keeps sessions and accounts across a restart, and shares them with a second instance until one signs out', async () => {
			const token = await startSession(store, planner.id, undefined);
			await withSecondInstance(async (other) => {
				expect((await readSession(other, token))?.scope).toBe('63.02');
				await endSession(other, token);
			});
			expect(await readSession(store, token)).toBeNull();
		});
	});

	describe('sign-in limit', () => {
		const RIGHT = 'correct horse battery';
		interface Try {
			username: string;
			password: string;
			address: string;
		}

		/**
		 * Sends the tries at once, alternating between this instance and a second one on the same
		 * database, and holds every password check until each try has been let through or refused,
		 * so all of them are decided while the checks are still running. `checked` counts the real
		 * Argon2 checks that ran, which the limiter cannot see. With `secondWave`, the tries from
		 * that index on are sent once the earlier ones are decided (a right password "sent 16th").
		 */
		async function burst(tries: Try[], { now = Date.now(), secondWave = tries.length } = {}) {
			let checked = 0;
			let release!: () => void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			return withSecondInstance(async (other) => {
				const send = (t: Try, i: number) => {
					const instance = i % 2 ? other : store;
					let began!: () => void;
					const checking = new Promise<void>((resolve) => (began = resolve));
					const outcome = limitedAttempt(instance, t.username, t.address, async () => {
						checked++;
						began();
						await gate;
						return checkPassword(instance, t.username, t.password);
					}, now);
					return { outcome, decided: Promise.race([checking, outcome]) };
				};
				const first = tries.slice(0, secondWave).map((t, i) => send(t, i));
				await Promise.all(first.map((s) => s.decided));
				const second = tries.slice(secondWave).map((t, i) => send(t, secondWave + i));
				await Promise.all(second.map((s) => s.decided));
				release();
				const outcomes = await Promise.all([...first, ...second].map((s) => s.outcome));
				return { checked, outcomes, refused: outcomes.filter((o) => o === 'limited').length };
			});
		}

		const guesses = (username: string, address: (i: number) => string, right = -1): Try[] =>
			Array.from({ length: 40 }, (_, i) => ({ username, password: i === right ? RIGHT : `guess number ${i}`, address: address(i) }));

		beforeAll(async () => {
			for (const username of ['sari', 'dewi', 'eko', 'fajar']) await createAccount(store, { username, password: RIGHT, role: 'viewer', scope: 'ID' });
		});

		it('checks 5 passwords of 40 sent at once to one account, and refuses the right one sent 16th', async () => {
			const { checked, outcomes, refused } = await burst(guesses('sari', (i) => `10.1.0.${i}`, 15), { secondWave: 15 });
			console.info(`[${dialect}] 40 concurrent tries on one account: ${checked} passwords checked`);
			expect(checked).toBe(LIMITS.account);
			expect(refused).toBe(40 - LIMITS.account);
			expect(outcomes[15]).toBe('limited');
			expect((await burst([{ username: 'sari', password: RIGHT, address: '10.1.1.1' }])).outcomes).toEqual(['limited']);
		});

		it('checks 20 passwords of 40 sent at once from one address, and refuses a right one sent 30th', async () => {
			const tries = guesses('', () => '10.2.0.1').map((t, i) => ({ ...t, username: i === 29 ? 'dewi' : `tamu${i}`, password: i === 29 ? RIGHT : t.password }));
			const { checked, outcomes, refused } = await burst(tries, { secondWave: 29 });
			console.info(`[${dialect}] 40 concurrent tries from one address: ${checked} passwords checked`);
			expect(checked).toBe(LIMITS.address);
			expect(refused).toBe(40 - LIMITS.address);
			expect(outcomes[29]).toBe('limited');
		});

		it('lets no extra guess through when the right password is checked alongside a burst', async () => {
			// The right password is counted first and held in its check while the others arrive, then finishes
			// before the last of them: had it freed its count or forgiven the guesses, more would be checked.
			let held!: () => void;
			const counted = new Promise<void>((resolve) => (held = resolve));
			let release!: () => void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			const right = limitedAttempt(store, 'eko', '10.3.0.0', async () => {
				held();
				await gate;
				return checkPassword(store, 'eko', RIGHT);
			});
			await counted;
			const first = await burst(guesses('eko', (i) => `10.3.0.${i + 1}`).slice(0, 20));
			release();
			expect(await right).toMatchObject({ username: 'eko' });
			const rest = await burst(guesses('eko', (i) => `10.3.1.${i}`).slice(0, 20));
			expect(first.checked + rest.checked).toBe(LIMITS.account - 1);
			expect(rest.checked).toBe(0);
		});

		it('forgives the account\'s failures before a success (never the address\'s), forgets all after the window, and never locks out repeated sign-ins', async () => {
			const now = Date.now();
			const [typo, ok] = [{ username: 'fajar', password: 'typo', address: '10.4.0.1' }, { username: 'fajar', password: RIGHT, address: '10.4.0.1' }];
			for (let i = 0; i < LIMITS.account - 1; i++) expect((await burst([typo], { now })).outcomes).toEqual([null]);
			expect((await burst([ok], { now })).outcomes[0]).toMatchObject({ username: 'fajar' });
			// The success forgave the 4 typos; its own count and 4 new tries fill the account again.
			expect((await burst(guesses('fajar', (i) => `10.4.1.${i}`), { now })).checked).toBe(LIMITS.account - 1);
			// The address still counts its 4 typos and the success (which the next success from there forgives).
			const spray = guesses('', () => '10.4.0.1').map((t, i) => ({ ...t, username: `semprot${i}` }));
			expect((await burst(spray, { now })).checked).toBe(LIMITS.address - LIMITS.account);

			// A window later: one account signing in again and again, and an office behind one address all morning.
			const later = now + WINDOW_MS + 1;
			for (let i = 0; i < 3 * LIMITS.account; i++) expect((await burst([ok], { now: later + i })).outcomes[0]).toMatchObject({ username: 'fajar' });
			for (let i = 0; i < 3 * LIMITS.address; i++) {
				const username = ['dewi', 'eko', 'fajar'][i % 3]!;
				expect((await burst([{ username, password: RIGHT, address: '10.5.0.2' }], { now: later + i })).outcomes[0]).toMatchObject({ username });
			}
		});
	});

	describe('audit log', () => {
		it('chains every entry', async () => {
			for (let i = 0; i < 3; i++) await appendAudit(store, planner, { ...VIEW, filter: { ...VIEW.filter, i }, rowCount: 10 + i });
			expect(await verifyAudit(store)).toEqual({ ok: true, entries: 3 });
			expect((await readAudit(store))[0]).toMatchObject({ seq: 3, user_id: planner.id, username: 'rina', row_count: 12, purpose: 'verifikasi lapangan' });
			expect((await readAudit(store, 1, 3)).map((e) => e.seq)).toEqual([2]);
		});

		it('keeps one unbroken chain when two instances append at the same time', async () => {
			await withSecondInstance(async (other) => {
				const appends = Array.from({ length: 40 }, (_, i) => appendAudit(i % 2 ? other : store, planner, { ...VIEW, rowCount: i }));
				const entries = await Promise.all(appends);
				expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => 4 + i));
				expect(await verifyAudit(other)).toEqual({ ok: true, entries: 43 });
			});
		});

		it('refuses changes and deletions, and detects a row changed behind the triggers', async () => {
			await expect(store.run('UPDATE audit_log SET row_count = 0 WHERE seq = 2')).rejects.toThrow(/append-only/);
			await expect(store.run('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
			await expect(store.run(TAMPER[dialect].wipe)).rejects.toThrow(/append-only/);
			expect(await verifyAudit(store)).toEqual({ ok: true, entries: 43 });

			// Someone with direct database access drops the trigger and edits a row: the chain no longer verifies.
			await store.run(TAMPER[dialect].dropGuard);
			await store.run('UPDATE audit_log SET row_count = 0 WHERE seq = 2');
			expect(await verifyAudit(store)).toEqual({ ok: false, brokenAt: 2 });
		});
	});
});

describe('state in PostgreSQL', () => {
	it('carries on after the database server drops its connections (restart, failover)', async () => {
		if (!cluster) throw new Error('the PostgreSQL suite above starts the cluster');
		await cluster.client.query('CREATE DATABASE auth_failover');
		const store = openStore(cluster.url('auth_failover'));
		try {
			const user = await createAccount(store, { username: 'dedi', password: 'correct horse battery', role: 'viewer', scope: 'ID' });
			const token = await startSession(store, user.id, undefined);
			const dropped = await cluster.client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'auth_failover'");
			expect(dropped.rowCount).toBeGreaterThan(0);
			await new Promise((r) => setTimeout(r, 500));
			expect((await readSession(store, token))?.username).toBe('dedi');
		} finally {
			await store.close();
		}
	});
});
