import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startServerWithAccounts, type ServerWithAccounts } from './accounts';
import { repoRoot } from './harness';

/**
 * A household Parquet file damaged under a running server (the by-name lists read it lazily, long after
 * its checksum was verified at start): the server must notice before it reads the file, and serve the
 * last good snapshot, or say in both languages that the data is unavailable. Never a 500.
 */

const ACCOUNTS = [
	{ username: 'rina', role: 'planner', scope: '63.02' },
	{ username: 'admin', role: 'admin', scope: 'ID' }
] as const;
const PURPOSE = 'Verifikasi lapangan paket pangan Desember';

/** A data folder with copies of the demo snapshot under new ids (files hard-linked, households copied so it can be damaged). */
function dataFolder(ids: string[]): { root: string; households: (id: string) => string } {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-integrity-'));
	const source = fs.realpathSync(path.join(repoRoot, 'data', 'current'));
	const manifest = JSON.parse(fs.readFileSync(path.join(source, 'manifest.json'), 'utf8')) as { id: string; created: string };
	ids.forEach((id, i) => {
		const dir = path.join(root, 'snapshots', id);
		fs.mkdirSync(dir, { recursive: true });
		for (const f of fs.readdirSync(source)) {
			if (f === 'manifest.json') continue;
			if (f === 'households.parquet') fs.copyFileSync(path.join(source, f), path.join(dir, f));
			else if (fs.statSync(path.join(source, f)).isDirectory()) {
				// answers/: the answers written at build (values, workbench)
				fs.mkdirSync(path.join(dir, f));
				for (const a of fs.readdirSync(path.join(source, f))) fs.linkSync(path.join(source, f, a), path.join(dir, f, a));
			} else fs.linkSync(path.join(source, f), path.join(dir, f));
		}
		const created = new Date(Date.parse(manifest.created) + i * 60_000).toISOString();
		fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, id, created }, null, 2));
	});
	fs.symlinkSync(path.join('snapshots', ids.at(-1)!), path.join(root, 'current'));
	return { root, households: (id) => path.join(root, 'snapshots', id, 'households.parquet') };
}

/** Overwrites 64 KiB in the middle of a file in place, as a failing disk or a stray process would. */
function damage(file: string) {
	const fd = fs.openSync(file, 'r+');
	try {
		fs.writeSync(fd, Buffer.alloc(65_536, 0xa5), 0, 65_536, Math.floor(fs.fstatSync(fd).size / 2));
	} finally {
		fs.closeSync(fd);
	}
}

const exportList = (url: string, cookie: string) =>
	fetch(`${url}/daftar/63.02.01/unduh`, {
		method: 'POST',
		headers: { cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ program: 'KTB-PANGAN-2024', daftar: 'unreached', purpose: PURPOSE })
	});

describe('a household file damaged while the server runs', () => {
	let server: ServerWithAccounts;
	let data: ReturnType<typeof dataFolder>;
	beforeAll(async () => {
		data = dataFolder(['20000101T000000Z-older', '20000101T000100Z-newer']);
		server = await startServerWithAccounts(ACCOUNTS, { dataDir: data.root });
	});
	afterAll(async () => {
		await server?.stop();
		fs.rmSync(data.root, { recursive: true, force: true });
	});

	it('is noticed before it is read: the by-name export comes from the last good snapshot, and the admin page says which', async () => {
		const rina = await signInCookie(server.url, 'rina');
		const before = await exportList(server.url, rina);
		expect(before.status).toBe(200);
		const list = await before.text();
		expect(list.split('\n').length).toBeGreaterThan(5);

		damage(data.households('20000101T000100Z-newer'));
		const after = await exportList(server.url, rina);
		expect(after.status).toBe(200);
		// The older snapshot holds the same households: the same list, audited again.
		// The header names the snapshot it came from (the older one now) and its own audit entry; the rows are the same.
		const afterText = await after.text();
		expect(afterText).toMatch(/^Snapshot,20000101T000000Z-older /m);
		const rowsOnly = (csv: string) => csv.replace(/^Audit,#\d+\r?$/m, '').replace(/^Snapshot,.*$/m, '');
		expect(rowsOnly(afterText)).toBe(rowsOnly(list));
		const admin = await signInCookie(server.url, 'admin');
		const page = await (await fetch(`${server.url}/admin/import`, { headers: { cookie: admin } })).text();
		expect(page).toContain('Snapshot 20000101T000100Z-newer');
		expect(page).toContain('20000101T000000Z-older');
		expect(server.output()).not.toMatch(/→ 500/);
	});
});

describe('a household file damaged while the server runs, with no other snapshot', () => {
	let server: ServerWithAccounts;
	let data: ReturnType<typeof dataFolder>;
	beforeAll(async () => {
		data = dataFolder(['20000101T000000Z-only']);
		server = await startServerWithAccounts(ACCOUNTS, { dataDir: data.root });
	});
	afterAll(async () => {
		await server?.stop();
		fs.rmSync(data.root, { recursive: true, force: true });
	});

	it('answers 503 in Indonesian and English, for the export and for every other request, never 500', async () => {
		const rina = await signInCookie(server.url, 'rina');
		expect((await exportList(server.url, rina)).status).toBe(200);
		damage(data.households('20000101T000000Z-only'));
		const refused = await exportList(server.url, rina);
		expect(refused.status).toBe(503);
		const body = (await refused.json()) as { error: { id: string; en: string; code: string } };
		expect(body.error.code).toBe('unavailable');
		expect(body.error.id).toMatch(/snapshot/i);
		expect(body.error.en).toMatch(/integrity check/);
		const values = await fetch(`${server.url}/api/v1/values?indicator=extreme_poor_hh&region=63.02&format=json`, { headers: { cookie: rina } });
		expect(values.status).toBe(503);
		expect(server.output()).not.toMatch(/→ 500/);
	});
});
