import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '../../../../tests/postgres';
import { accountFields, checkPassword, createAccount } from './accounts';
import { readAudit, verifyAudit } from './audit';
import { addAccount, changeOwnPassword, initialPassword, resetPassword, setDisabled } from './manage';
import type { Principal } from './policy';
import { LIMITS } from './ratelimit';
import { readSession, startSession } from './sessions';
import { openStore, type Store } from './store';

/** Account changes on both state databases (SQLite, and PostgreSQL in a throw-away cluster). */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-manage-'));
let cluster: PgCluster | undefined;
afterAll(async () => {
	await cluster?.stop();
	fs.rmSync(dir, { recursive: true, force: true });
});

const ADMIN_PASSWORD = 'kata-sandi-admin-nasional';

describe.each(['sqlite', 'postgres'] as const)('account changes in %s', (dialect) => {
	let store: Store;
	let admin: Principal;

	beforeAll(async () => {
		let location = path.join(dir, 'state.sqlite');
		if (dialect === 'postgres') {
			cluster = await startPostgres();
			await cluster.client.query('CREATE DATABASE manage_test');
			location = cluster.url('manage_test');
		}
		store = openStore(location);
		admin = await createAccount(store, { username: 'admin', password: ADMIN_PASSWORD, role: 'admin', scope: 'ID' });
	});
	afterAll(async () => {
		await store?.close();
	});

	const lastEntry = async () => (await readAudit(store, 1))[0]!;

	it('creates an account that signs in with the first password shown once, and logs who created it without the password', async () => {
		const first = initialPassword();
		expect(first).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		const fields = accountFields.parse({ username: 'Dinsos.Ktb', role: 'agency', scope: '63.02', agency: 'dinsos' });
		const made = await addAccount(store, admin, fields, first);
		expect(made).toMatchObject({ username: 'dinsos.ktb', role: 'agency', scope: '63.02', agency: 'dinsos' });
		expect(await checkPassword(store, 'dinsos.ktb', first)).toMatchObject({ username: 'dinsos.ktb' });
		const entry = await lastEntry();
		expect(entry).toMatchObject({ username: 'admin', action: 'account.create' });
		expect(JSON.parse(entry.filter)).toEqual({ account: 'dinsos.ktb', role: 'agency', scope: '63.02', agency: 'dinsos' });
		expect(JSON.stringify(await readAudit(store))).not.toContain(first);
		expect(await addAccount(store, admin, fields, initialPassword())).toBe('taken');
		await expect(addAccount(store, admin, accountFields.parse({ username: 'pendek', role: 'viewer', scope: 'ID' }), 'pendek')).rejects.toThrow(/12/);
		expect(await verifyAudit(store)).toEqual({ ok: true, entries: 1 });
	});

	it('disabling an account ends its sessions at once; enabling lets it sign in again; nobody disables themselves', async () => {
		const first = initialPassword();
		const viewer = await addAccount(store, admin, accountFields.parse({ username: 'bupati', role: 'viewer', scope: '63.02' }), first);
		if (viewer === 'taken') throw new Error('taken');
		const token = await startSession(store, viewer.id, undefined);
		expect(await readSession(store, token)).not.toBeNull();
		expect(await setDisabled(store, admin, 'bupati', true)).toBe('ok');
		expect(await store.get('SELECT 1 AS one FROM sessions WHERE user_id = ?', [viewer.id])).toBeUndefined();
		expect(await checkPassword(store, 'bupati', first)).toBeNull();
		expect((await lastEntry()).action).toBe('account.disable');
		expect(await setDisabled(store, admin, 'bupati', false)).toBe('ok');
		expect(await checkPassword(store, 'bupati', first)).not.toBeNull();
		expect((await lastEntry()).action).toBe('account.enable');
		expect(await setDisabled(store, admin, 'admin', true)).toBe('self');
		expect(await setDisabled(store, admin, 'tidak-ada', true)).toBe('unknown');
		expect(await checkPassword(store, 'admin', ADMIN_PASSWORD)).not.toBeNull();
	});

	it('a reset gives a new first password, the old one stops working and the sessions end', async () => {
		const first = initialPassword();
		const planner = await addAccount(store, admin, accountFields.parse({ username: 'rina', role: 'planner', scope: '63.02' }), first);
		if (planner === 'taken') throw new Error('taken');
		const token = await startSession(store, planner.id, undefined);
		const reset = await resetPassword(store, admin, 'rina');
		if (typeof reset === 'string') throw new Error(reset);
		expect(reset.password).not.toBe(first);
		expect(await checkPassword(store, 'rina', first)).toBeNull();
		expect(await checkPassword(store, 'rina', reset.password)).not.toBeNull();
		expect(await readSession(store, token)).toBeNull();
		expect((await lastEntry()).action).toBe('account.reset');
		expect(await resetPassword(store, admin, 'admin')).toBe('self');
	});

	it('changing one’s own password needs the current one, ends the other sessions and keeps the one in use', async () => {
		const first = initialPassword();
		const user = await addAccount(store, admin, accountFields.parse({ username: 'camat', role: 'district', scope: '63.02.01' }), first);
		if (user === 'taken') throw new Error('taken');
		const here = await startSession(store, user.id, undefined);
		const elsewhere = await startSession(store, user.id, undefined);
		const change = (current: string, next: string) => changeOwnPassword(store, user, { current, next, address: '10.9.9.9', keep: here });
		expect(await change('bukan-kata-sandinya', 'kata-sandi-baru-camat')).toBe('wrong');
		expect(await checkPassword(store, 'camat', first)).not.toBeNull();
		expect(await change(first, 'kata-sandi-baru-camat')).toBe('ok');
		expect(await checkPassword(store, 'camat', 'kata-sandi-baru-camat')).not.toBeNull();
		expect(await readSession(store, here)).not.toBeNull();
		expect(await readSession(store, elsewhere)).toBeNull();
		expect(await lastEntry()).toMatchObject({ username: 'camat', action: 'account.password' });
		// A stolen session guesses the current password no faster than the sign-in form allows.
		const guesses = [];
		for (let i = 0; i < LIMITS.account + 1; i++) guesses.push(await change(`tebakan-ke-${i}-panjang`, 'kata-sandi-pencuri-x'));
		expect(guesses.at(-1)).toBe('limited');
		expect(await checkPassword(store, 'camat', 'kata-sandi-baru-camat')).not.toBeNull();
		expect(await verifyAudit(store)).toMatchObject({ ok: true });
	});
});
