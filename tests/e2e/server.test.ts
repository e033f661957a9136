import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startServerWithAccounts, TEST_PASSWORD, type ServerWithAccounts } from './accounts';
import { publishSnapshot } from '../../src/lib/server/snapshot/store';
import { buildDir, freePort, launchBrowser, repoRoot } from './harness';

/** The server process itself, as `npm start` runs it: files that vanish, no ORIGIN, a rebuild beside it. */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-server-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ACCOUNT = [{ username: 'tuti', role: 'viewer', scope: 'ID' }] as const;
const immutable = (build: string) => path.join(build, 'client', '_app', 'immutable', 'entry');
const startChunk = (build: string) => fs.readdirSync(immutable(build)).find((f) => /^start\..+\.js$/.test(f))!;

/** A GET with this Accept-Encoding: status, headers, body length (fetch would ask for br itself and decode). */
function get(url: string, encoding: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }> {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
			let bytes = 0;
			res.on('data', (chunk: Buffer) => (bytes += chunk.length));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes }));
		});
		req.on('error', reject);
	});
}

/** A sign-in form post with this Host and Origin, as a browser at that address sends it. */
function postSignIn(url: string, host: string, origin: string, extra: Record<string, string> = {}): Promise<number> {
	const body = new URLSearchParams({ username: 'tuti', password: TEST_PASSWORD }).toString();
	return new Promise((resolve, reject) => {
		const req = http.request(`${url}/masuk`, { method: 'POST', headers: { host, origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...extra } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode!));
		});
		req.on('error', reject);
		req.end(body);
	});
}

describe('a static file that disappears while the server runs', () => {
	let copy: string;
	let server: ServerWithAccounts;
	beforeAll(async () => {
		// A private copy of the build to delete files from; it finds the app's dependencies through node_modules.
		copy = path.join(tmp, 'app', 'build');
		fs.cpSync(buildDir, copy, { recursive: true });
		fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(tmp, 'app', 'node_modules'));
		fs.writeFileSync(path.join(tmp, 'app', 'package.json'), '{ "type": "module" }\n');
		server = await startServerWithAccounts(ACCOUNT, { build: copy });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('is a 404 that nobody caches, and the server keeps serving', async () => {
		const chunk = startChunk(copy);
		const url = `${server.url}/_app/immutable/entry/${chunk}`;
		expect((await get(url, 'br')).headers['content-encoding']).toBe('br');

		fs.rmSync(path.join(immutable(copy), `${chunk}.br`));
		const gone = await get(url, 'br');
		expect(gone.status).toBe(404);
		expect(gone.headers['cache-control']).toBe('no-store');

		for (const suffix of ['', '.gz']) fs.rmSync(path.join(immutable(copy), chunk + suffix));
		expect((await get(url, 'gzip, deflate')).status).toBe(404);
		expect((await get(url, 'identity')).status).toBe(404);

		expect((await get(`${server.url}/`, 'br')).status).toBe(200);
		const other = fs.readdirSync(immutable(copy)).find((f) => f.endsWith('.js') && f !== chunk)!;
		const intact = await get(`${server.url}/_app/immutable/entry/${other}`, 'identity');
		expect([intact.status, intact.bytes]).toEqual([200, fs.statSync(path.join(immutable(copy), other)).size]);
		expect(intact.headers['cache-control']).toBe('public,max-age=31536000,immutable');
	});
});

describe('a server started without ORIGIN (plain `npm start`)', () => {
	let server: ServerWithAccounts;
	let port: string;
	beforeAll(async () => {
		// Bound to every interface, as `npm start` is by default.
		server = await startServerWithAccounts(ACCOUNT, { origin: false, env: { HOST: '0.0.0.0' } });
		port = new URL(server.url).port;
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('signs in through the form over plain HTTP on localhost', async () => {
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage();
			await signIn(page, `http://localhost:${port}`, 'tuti');
			await page.goto(`http://localhost:${port}/masuk`);
			expect(await page.getByText('Akun: tuti').count()).toBe(1);
		} finally {
			await browser.close();
		}
		expect(await postSignIn(server.url, `127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).toBe(303);
		expect(await postSignIn(server.url, `[::1]:${port}`, `http://[::1]:${port}`)).toBe(303);
	});

	it('checks and opens the served snapshot before it listens, so the first visitor after a start does not wait for it', () => {
		const out = server.output();
		const opened = out.search(/snapshot \S+: files checked and opened in [\d.]+ s \(\d+ prebuilt answers\)/);
		expect(opened).toBeGreaterThanOrEqual(0);
		expect(opened).toBeLessThan(out.indexOf('Listening on'));
	});

	it('says at start-up exactly what to set for other machines', () => {
		expect(server.output()).toContain(`ORIGIN is not set: sign-in works only at http://localhost:${port} on this machine. For other machines set ORIGIN to the address they open, e.g. ORIGIN=https://`);
	});

	it('still refuses a cross-site form post, and takes any other host for https as before', async () => {
		expect(await postSignIn(server.url, `localhost:${port}`, 'http://evil.example')).toBe(403);
		expect(await postSignIn(server.url, `localhost:${port}`, `https://localhost:${port}`)).toBe(403);
		// A name that is not this machine's: the request stays https://, whatever the client claims.
		expect(await postSignIn(server.url, 'tepat.example', 'http://tepat.example', { 'x-tepat-loopback-scheme': 'http' })).toBe(403);
		expect(await postSignIn(server.url, 'tepat.example', 'https://tepat.example')).toBe(303);
	});
});

describe('the test build beside a running demo', () => {
	let server: ServerWithAccounts;
	beforeAll(async () => {
		server = await startServerWithAccounts(ACCOUNT);
	});
	afterAll(async () => {
		await server?.stop();
	});

	/** Every file of a folder with its inode and modification time: a rebuild in place changes them all. */
	const tree = (dir: string): string[] =>
		(fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((f) => {
			const s = fs.statSync(path.join(dir, f));
			return `${f} ${s.ino} ${s.mtimeMs}`;
		});

	it('builds into its own folder while the served build keeps answering, untouched', { timeout: 600_000 }, async () => {
		const before = tree(buildDir);
		const asset = `${server.url}/_app/immutable/entry/${startChunk(buildDir)}`;
		const out = path.join(tmp, 'test-build');
		// `npm run build` as scripts/test.ts runs it, outside Vitest (vite.config.ts drops SvelteKit under VITEST).
		const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST.*|TEST|NODE_ENV)$/.test(k)));
		const build = spawn('npm', ['run', 'build'], { cwd: repoRoot, env: { ...env, TEPAT_BUILD_DIR: out }, stdio: 'ignore' });
		const done = once(build, 'exit');
		let building = true;
		void done.then(() => (building = false));

		const failures: string[] = [];
		let probes = 0;
		while (building) {
			for (const [url, encoding] of [[`${server.url}/`, 'br'], [asset, 'br']] as const) {
				const res = await get(url, encoding).catch((err: Error) => ({ status: err.message, bytes: 0 }));
				probes++;
				if (res.status !== 200) failures.push(`${url}: ${res.status}`);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		expect((await done)[0]).toBe(0);
		expect(fs.existsSync(path.join(out, 'index.js'))).toBe(true);
		expect(probes).toBeGreaterThan(10);
		expect(failures).toEqual([]);
		expect(tree(buildDir)).toEqual(before);
	});
});

describe('a server started before any snapshot is published', () => {
	it('listens, answers 503 in both languages, and serves the first snapshot published after it, without a restart', async () => {
		const root = path.join(tmp, 'empty-data');
		fs.mkdirSync(root, { recursive: true });
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, TEPAT_DATA_DIR: root, TEPAT_STATE_DIR: path.join(tmp, 'empty-state') };
		const child = spawn(process.execPath, [buildDir], { cwd: repoRoot, env, stdio: 'ignore' });
		const exited = once(child, 'exit');
		const ask = () => fetch(`${url}/api/v1/indicators`).catch(() => null);
		const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
		try {
			let first: Response | null = null;
			for (let i = 0; i < 150 && !first; i++) if (!(first = await ask())) await sleep(200);
			expect(first?.status).toBe(503);
			const body = (await first!.json()) as { error: { id: string; en: string } };
			expect(body.error.id.length).toBeGreaterThan(0);
			expect(body.error.en.length).toBeGreaterThan(0);
			const source = fs.realpathSync(path.join(repoRoot, 'data', 'current'));
			const id = path.basename(source);
			fs.cpSync(source, path.join(root, 'snapshots', id), { recursive: true });
			publishSnapshot(root, id);
			let status = 0;
			for (let i = 0; i < 100 && status !== 200; i++) {
				await sleep(200);
				status = (await ask())?.status ?? 0;
			}
			expect(status).toBe(200);
		} finally {
			child.kill('SIGTERM');
			await exited;
		}
	});
});
