import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '../bench/postgres';
import { checkPassword, createAccount } from './accounts';
import { appendAudit, readAudit, verifyAudit, type AuditRecord } from './audit';
import type { Principal } from './policy';
import { loginAllowed, recordFailure } from './ratelimit';
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
	async function withSecondInstance(fn: (other: Store) => Promise<void>): Promise<void> {
		const other = openStore(location);
		try {
			await fn(other);
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

		it('blocks an account after five failed logins in the window, whichever instance saw them', async () => {
			const now = Date.now();
			await withSecondInstance(async (other) => {
				for (let i = 0; i < 5; i++) {
					const instance = i % 2 ? other : store;
					expect(await loginAllowed(instance, 'budi', '10.0.0.1', now)).toBe(true);
					await recordFailure(instance, 'budi', '10.0.0.1', now);
				}
				expect(await loginAllowed(other, 'budi', '10.0.0.2', now)).toBe(false);
			});
			expect(await loginAllowed(store, 'budi', '10.0.0.2', now)).toBe(false);
			expect(await loginAllowed(store, 'budi', '10.0.0.2', now + 16 * 60_000)).toBe(true);
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
