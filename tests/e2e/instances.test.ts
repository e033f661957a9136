import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '../postgres';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { readAudit } from '../../src/lib/server/auth/audit';
import { openStore } from '../../src/lib/server/auth/store';
import { signInBurst, signInCookie, TEST_PASSWORD } from './accounts';
import { repoRoot, startServer, type RunningServer } from './harness';

/**
 * Two built app servers behind an imaginary load balancer: both read the same snapshot and keep
 * their accounts, sessions and audit log in one PostgreSQL database (`TEPAT_STATE_URL`), each with
 * its own empty local state folder. A request may land on either one (docs/scaling.md).
 */
let cluster: PgCluster;
let url: string;
const instances: { server: RunningServer; stateDir: string }[] = [];
const server = (i: 0 | 1) => instances[i]!.server.url;

beforeAll(async () => {
	cluster = await startPostgres();
	await cluster.client.query('CREATE DATABASE tepat_state');
	url = cluster.url('tepat_state');
	const store = openStore(url);
	try {
		for (const username of ['rina', 'sari', 'tono']) await createAccount(store, { username, password: TEST_PASSWORD, role: 'planner', scope: '63.02' });
	} finally {
		await store.close();
	}
	for (let i = 0; i < 2; i++) {
		const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-instance-'));
		instances.push({ stateDir, server: await startServer({ env: { TEPAT_STATE_URL: url, TEPAT_STATE_DIR: stateDir } }) });
	}
});

afterAll(async () => {
	for (const { server, stateDir } of instances) {
		await server.stop();
		fs.rmSync(stateDir, { recursive: true, force: true });
	}
	await cluster?.stop();
});

const get = (base: string, p: string, cookie: string) => fetch(base + p, { redirect: 'manual', headers: { cookie, accept: 'text/html' } });
const post = (base: string, p: string, cookie: string, body: Record<string, string> = {}) =>
	fetch(base + p, {
		method: 'POST',
		redirect: 'manual',
		headers: { cookie, origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(body)
	});

describe('two instances sharing one PostgreSQL state database', () => {
	it('accepts a session started on A at B, and after signing out at B, A refuses it', async () => {
		const cookie = await signInCookie(server(0), 'rina');
		const onB = await get(server(1), '/peta/63.02', cookie);
		expect(onB.status).toBe(200);
		expect(await onB.text()).toContain('Akun: rina · Perencana (Bappeda) · Kabupaten Kotabaru');

		expect((await post(server(1), '/keluar', cookie)).status).toBe(303);
		const onA = await get(server(0), '/peta/63.02', cookie);
		expect(onA.status).toBe(303);
		expect(onA.headers.get('location')).toBe('/masuk?kembali=%2Fpeta%2F63.02');
	});

	it('counts failed sign-ins on both instances against one limit', async () => {
		const attempt = (i: 0 | 1) => post(server(i), '/masuk', '', { username: 'sari', password: 'bukan-kata-sandinya' });
		for (let n = 0; n < 5; n++) expect((await attempt((n % 2) as 0 | 1)).status).toBe(400);
		// Five failures spread over A and B lock the account on both, even with the right password.
		await expect(signInCookie(server(0), 'sari')).rejects.toThrow(/HTTP 429/);
		await expect(signInCookie(server(1), 'sari')).rejects.toThrow(/HTTP 429/);
	});

	it('writes by-name views from both instances, at the same time, into one audit chain that verifies', async () => {
		const cookies = [await signInCookie(server(0), 'rina'), await signInCookie(server(1), 'rina')];
		const view = (i: 0 | 1, k: number) =>
			post(server(i), '/daftar/63.02.01', cookies[i]!, { program: 'KTB-PANGAN-2024', daftar: 'unreached', purpose: `Verifikasi lapangan putaran ${k}` });
		const pages = await Promise.all(Array.from({ length: 8 }, (_, k) => view((k % 2) as 0 | 1, k)));
		expect(pages.map((p) => p.status)).toEqual(Array(8).fill(200));

		// What an operator runs against the shared database, from any host.
		const cli = await promisify(execFile)('npx', ['tsx', 'scripts/admin.ts', 'verify-audit'], { cwd: repoRoot, env: { ...process.env, TEPAT_STATE_URL: url }, encoding: 'utf8' });
		expect(cli.stdout).toMatch(/Audit log intact: 8 entries/);
		const store = openStore(url);
		try {
			const purposes = (await readAudit(store)).map((e) => e.purpose).sort();
			expect(purposes).toEqual(Array.from({ length: 8 }, (_, k) => `Verifikasi lapangan putaran ${k}`).sort());
		} finally {
			await store.close();
		}
	});

	it('checks 5 passwords of 40 sent at once to one account over both instances, and refuses the right one sent 16th', async () => {
		const tries = Array.from({ length: 40 }, (_, i) => ({ base: server((i % 2) as 0 | 1), username: 'tono', password: i === 15 ? TEST_PASSWORD : `tebakan-${i}` }));
		const { statuses, checked } = await signInBurst(tries);
		console.info(`built servers, PostgreSQL: 40 concurrent sign-ins to one account over two instances, ${checked} passwords checked`);
		expect(checked).toBe(5);
		expect(statuses[15]).toBe(429);
	});

	it('leaves no state file on either host', () => {
		for (const { stateDir } of instances) expect(fs.existsSync(path.join(stateDir, 'tepat.sqlite'))).toBe(false);
	});
});
