import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPassword, createAccount } from './accounts';
import { appendAudit, readAudit, verifyAudit } from './audit';
import { loginAllowed, recordFailure } from './ratelimit';
import { ABSOLUTE_MS, IDLE_MS, readSession, startSession } from './sessions';
import { openStore } from './store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-auth-'));
const file = path.join(dir, 'state.sqlite');
const store = openStore(file);
afterAll(() => {
	store.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const planner = await createAccount(store, { username: 'Rina', password: 'correct horse battery', role: 'planner', scope: '63.02' });

describe('accounts and sessions', () => {
	it('stores an Argon2id hash, never the password', () => {
		const row = store.prepare('SELECT password_hash FROM users WHERE username = ?').get('rina') as { password_hash: string };
		expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(row.password_hash).not.toContain('correct horse');
	});

	it('refuses short passwords, unknown roles and agency officers without an agency', async () => {
		await expect(createAccount(store, { username: 'x1x', password: 'short', role: 'viewer', scope: 'ID' })).rejects.toThrow();
		await expect(createAccount(store, { username: 'x2x', password: 'long enough password', role: 'root' as never, scope: 'ID' })).rejects.toThrow();
		await expect(createAccount(store, { username: 'x3x', password: 'long enough password', role: 'agency', scope: '63.02' })).rejects.toThrow();
	});

	it('accepts the right password and nothing else', async () => {
		expect(await checkPassword(store, 'RINA', 'correct horse battery')).toMatchObject({ role: 'planner', scope: '63.02' });
		expect(await checkPassword(store, 'rina', 'wrong horse battery')).toBeNull();
		expect(await checkPassword(store, 'nobody', 'correct horse battery')).toBeNull();
	});

	it('issues a new token at every login and forgets the one the browser had before (no fixation)', () => {
		const planted = startSession(store, planner.id, undefined);
		const fresh = startSession(store, planner.id, planted);
		expect(fresh).not.toBe(planted);
		expect(readSession(store, planted)).toBeNull();
		expect(readSession(store, fresh)?.username).toBe('rina');
		expect(readSession(store, 'made-up-token')).toBeNull();
	});

	it('ends sessions after the idle and the absolute timeout', () => {
		const t0 = Date.now();
		const idle = startSession(store, planner.id, undefined, t0);
		expect(readSession(store, idle, t0 + IDLE_MS + 1)).toBeNull();
		const busy = startSession(store, planner.id, undefined, t0);
		for (let t = t0; t < t0 + ABSOLUTE_MS; t += IDLE_MS / 2) expect(readSession(store, busy, t)).not.toBeNull();
		expect(readSession(store, busy, t0 + ABSOLUTE_MS + 1)).toBeNull();
	});

	it('keeps sessions and accounts across a restart', () => {
		const token = startSession(store, planner.id, undefined);
		const reopened = openStore(file);
		expect(readSession(reopened, token)?.scope).toBe('63.02');
		reopened.close();
	});

	it('blocks an account after five failed logins in the window', () => {
		const now = Date.now();
		for (let i = 0; i < 5; i++) {
			expect(loginAllowed(store, 'budi', '10.0.0.1', now)).toBe(true);
			recordFailure(store, 'budi', '10.0.0.1', now);
		}
		expect(loginAllowed(store, 'budi', '10.0.0.2', now)).toBe(false);
		expect(loginAllowed(store, 'budi', '10.0.0.2', now + 16 * 60_000)).toBe(true);
	});
});

describe('audit log', () => {
	it('chains every entry and detects a changed or deleted row', () => {
		for (let i = 0; i < 3; i++) appendAudit(store, planner, { action: 'byname.view', filter: { village: '63.02.01.2001', i }, rowCount: 10 + i, purpose: 'verifikasi lapangan' });
		expect(verifyAudit(store)).toEqual({ ok: true, entries: 3 });
		expect(readAudit(store)[0]).toMatchObject({ seq: 3, username: 'rina', row_count: 12, purpose: 'verifikasi lapangan' });

		expect(() => store.prepare('UPDATE audit_log SET row_count = 0 WHERE seq = 2').run()).toThrow(/append-only/);
		expect(() => store.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);

		// Someone with file access drops the trigger and edits a row: the chain no longer verifies.
		store.exec('DROP TRIGGER audit_log_no_update');
		store.prepare('UPDATE audit_log SET row_count = 0 WHERE seq = 2').run();
		expect(verifyAudit(store)).toEqual({ ok: false, brokenAt: 2 });
	});
});
