import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/lib/server/auth/policy';
import { ROUTES } from '../../src/lib/server/edge/routes';
import { queryNames, routeIds } from '../routes';
import { signIn, signInCookie, startServerWithAccounts, TEST_PASSWORD, type ServerWithAccounts, type TestAccount } from './accounts';
import { launchBrowser, repoRoot } from './harness';

/** One account per role, all scoped to Bangka (19.01); every request below names Kotabaru (63.02). */
/** `npm run admin -- …` against the server's state folder; async, so the test's HTTP connections stay serviced. */
async function adminCli(stateDir: string, args: string[], password = ''): Promise<{ status: number; stdout: string; stderr: string }> {
	const env = { ...process.env, TEPAT_STATE_DIR: stateDir, TEPAT_ADMIN_PASSWORD: password };
	try {
		return { status: 0, ...(await promisify(execFile)('npx', ['tsx', 'scripts/admin.ts', ...args], { cwd: repoRoot, env, encoding: 'utf8' })) };
	} catch (err) {
		const e = err as { code: number; stdout: string; stderr: string };
		return { status: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

const bangka = (role: Role): TestAccount => ({ username: `bangka-${role}`, role, scope: '19.01', ...(role === 'agency' ? { agency: 'dinsos' as const } : {}) });
const ACCOUNTS: TestAccount[] = [
	...ROLES.map(bangka),
	{ username: 'rina', role: 'planner', scope: '63.02' },
	{ username: 'admin', role: 'admin', scope: 'ID' },
	{ username: 'tamu', role: 'viewer', scope: '63.02' },
	{ username: 'target', role: 'viewer', scope: '63.02' },
	{ username: 'tebak', role: 'viewer', scope: '63.02' }
];

let server: ServerWithAccounts;
let browser: Browser;
beforeAll(async () => {
	server = await startServerWithAccounts(ACCOUNTS);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const get = (path: string, cookie?: string) => fetch(server.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });

/** A URL for each route that names Kotabaru wherever a region can be named, and a non-public indicator. */
function kotabaruUrl(routeId: string): string {
	const path = routeId.replace(/\[(\w+)(?:=\w+)?\]/g, (_, k: string) => (k === 'code' ? '63.02.01' : k === 'table' ? 'program' : k === 'kind' ? 'households' : '1'));
	// Routes refuse parameters they do not know, so each gets only its own.
	const names = queryNames(routeId);
	const query = new URLSearchParams(Object.entries({ region: '63.02.01', w: '63.02.01', indicator: 'dtks_hh', program: 'KTB-PANGAN-2024', q: 'kota' }).filter(([k]) => names.includes(k)));
	return query.size ? `${path}?${query}` : path;
}
const builtRoutes = routeIds().filter((id): id is keyof typeof ROUTES => id in ROUTES);

describe('sessions', () => {
	it('keeps the session in a __Host- cookie that is HttpOnly, Secure, SameSite=Lax on path /', async () => {
		const res = await fetch(server.url + '/masuk', {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ username: 'tamu', password: TEST_PASSWORD })
		});
		expect(res.status).toBe(303);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-tepat_session='))!;
		const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
		expect(attrs).toEqual(expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax']));
		expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
		expect(cookie.split(';')[0]!.length).toBeGreaterThan('__Host-tepat_session='.length + 40);
	});

	it('gives a new token at sign-in and kills the one planted in the browser before (session fixation)', async () => {
		const planted = await signInCookie(server.url, 'tamu');
		expect((await get('/wilayah/63.02', planted)).status).toBe(200);
		const res = await fetch(server.url + '/masuk', {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.url, accept: 'text/html', cookie: planted, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ username: 'target', password: TEST_PASSWORD })
		});
		const fresh = res.headers.getSetCookie()[0]!.split(';')[0]!;
		expect(fresh).not.toBe(planted);
		expect(await (await get('/masuk', fresh)).text()).toContain('Akun: target');
		expect(await (await get('/masuk', planted)).text()).not.toContain('Akun:');
	});

	it('refuses a state-changing request without the site’s Origin, JSON included', async () => {
		const cookie = await signInCookie(server.url, 'rina');
		const post = (origin: string | null, type: string, body: string) =>
			fetch(server.url + '/daftar/63.02.01/unduh', { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': type, ...(origin ? { origin } : {}) }, body });
		const json = JSON.stringify({ program: 'KTB-PANGAN-2024', purpose: 'verifikasi lapangan desa' });
		expect((await post('https://evil.example', 'application/json', json)).status).toBe(403);
		expect((await post(null, 'application/json', json)).status).toBe(403);
		expect((await post('https://evil.example', 'text/plain', json)).status).toBe(403);
		expect((await post('https://evil.example', 'application/x-www-form-urlencoded', 'program=KTB-PANGAN-2024')).status).toBe(403);
		// Same origin reaches the handler, which wants a form: the refusals above came from the gate.
		expect((await post(server.url, 'application/json', json)).status).not.toBe(403);
		const signOut = await fetch(server.url + '/keluar', { method: 'POST', redirect: 'manual', headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' } });
		expect(signOut.status).toBe(403);
		expect((await get('/perencanaan/63.02', cookie)).status).toBe(200);
	});

	it('stops password guessing after five failures, even with the right password', async () => {
		const attempt = (password: string) =>
			fetch(server.url + '/masuk', {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ username: 'tebak', password })
			});
		for (let i = 0; i < 5; i++) expect((await attempt('salah-kata-sandi-' + i)).status).toBe(400);
		const blocked = await attempt(TEST_PASSWORD);
		expect(blocked.status).toBe(429);
		expect(blocked.headers.getSetCookie()).toEqual([]);
	});
});

describe('accounts', () => {
	it('are created with `npm run admin -- create`, which refuses a short password; there is no default one', async () => {
		const short = await adminCli(server.stateDir, ['create', '--username', 'kepala', '--role', 'admin'], 'pendek');
		expect(short.status).toBe(1);
		expect(short.stderr).toMatch(/at least 12 characters/);
		expect((await adminCli(server.stateDir, ['create', '--username', 'kepala', '--role', 'admin'], 'kata-sandi-kepala-baru')).status).toBe(0);
		expect(await signInCookie(server.url, 'kepala', 'kata-sandi-kepala-baru')).toMatch(/^__Host-tepat_session=/);
		for (const guess of ['admin', 'password', 'tepat']) await expect(signInCookie(server.url, 'admin', guess)).rejects.toThrow(/HTTP 400/);
	});
});

describe('access by role and region', () => {
	it('denies every role every route for a region outside its scope', async () => {
		expect(builtRoutes.length).toBeGreaterThan(20);
		for (const role of ROLES) {
			const cookie = await signInCookie(server.url, `bangka-${role}`);
			for (const routeId of builtRoutes) {
				const rule = ROUTES[routeId].access;
				const res = await get(kotabaruUrl(routeId), cookie);
				const body = await res.text();
				const where = `${role} ${kotabaruUrl(routeId)}`;
				if (rule.kind === 'scoped') expect(res.status, where).toBe(403);
				else if (rule.kind === 'signed-in') expect(res.status === 403, where).toBe(!rule.roles.includes(role));
				else if (rule.kind === 'public-view') {
					// The same URL answers, but only with what the public may see.
					if (routeId.startsWith('/api/')) expect(res.status, where).toBe(403);
					else expect(body, where).toContain('di luar cakupan akun Anda');
				}
			}
		}
	});

	it('sends a signed-out visitor to the sign-in page for everything that is not public', async () => {
		for (const routeId of builtRoutes) {
			const rule = ROUTES[routeId].access;
			if (rule.kind === 'public') continue;
			const res = await get(kotabaruUrl(routeId));
			if (rule.kind === 'public-view') {
				if (routeId.startsWith('/api/')) expect(res.status, routeId).toBe(401);
				else expect(await res.text(), routeId).toContain('Tampilan publik');
			} else if (routeId.startsWith('/api/')) expect(res.status, routeId).toBe(401);
			else {
				expect(res.status, routeId).toBe(303);
				expect(res.headers.get('location'), routeId).toBe(`/masuk?kembali=${encodeURIComponent(kotabaruUrl(routeId))}`);
			}
		}
	});

	it('gives a planner the full figures of their regency and the public view elsewhere', async () => {
		const cookie = await signInCookie(server.url, 'rina');
		const values = async (c?: string) => (await (await get('/api/v1/values?indicator=stunted_children&region=63.02&level=village&period=2024&format=json', c)).json()).rows as { value: number | null }[];
		const small = (rows: { value: number | null }[]) => rows.filter((r) => r.value !== null && r.value >= 1 && r.value <= 9).length;
		const [own, open] = [await values(cookie), await values()];
		expect(own.length).toBe(202);
		expect(small(own)).toBeGreaterThan(0);
		expect(small(open)).toBe(0);
		expect((await get('/api/v1/values?indicator=dtks_hh&region=64.02', cookie)).status).toBe(403);
		// The signed-out page is remembered per snapshot; the planner must still get their own rendering.
		expect(await (await get('/wilayah/63.02')).text()).toContain('Tampilan publik');
		expect(await (await get('/wilayah/63.02', cookie)).text()).not.toContain('Tampilan publik');
	});
});

describe('by-name lists', () => {
	const open = (cookie: string, body: Record<string, string>, path = '/daftar/63.02.01') =>
		fetch(server.url + path, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(body)
		});

	it('writes who, when, what, how many and why for every view and export, and refuses a list without a purpose', async () => {
		const rina = await signInCookie(server.url, 'rina');
		const purpose = 'Verifikasi lapangan paket pangan Desember';
		const page = await open(rina, { program: 'KTB-PANGAN-2024', daftar: 'unreached', purpose });
		expect(page.status).toBe(200);
		const html = await page.text();
		const count = Number(/(\d+) rumah tangga/.exec(html)?.[1]);
		expect(count).toBeGreaterThan(0);
		expect(html).not.toMatch(/\b\d{16}\b/);

		const csv = await open(rina, { program: 'KTB-PANGAN-2024', daftar: 'reached', purpose: 'Cek penerima sebelum rapat TKPK' }, '/daftar/63.02.01/unduh');
		expect(csv.headers.get('cache-control')).toBe('private, no-store');
		// The file opens with its title, filters, source and snapshot, then a blank line, the column headers and the rows.
		const lines = (await csv.text()).trim().split(/\r?\n/);
		const csvRows = lines.length - lines.indexOf('') - 2;
		expect(lines[lines.indexOf('') + 1]).toMatch(/^Ref rumah tangga \/ Household ref,/);

		expect((await open(rina, { program: 'KTB-PANGAN-2024', daftar: 'unreached', purpose: 'cek' })).status).toBe(400);

		const admin = await signInCookie(server.url, 'admin');
		const audit = (await (await get('/admin/audit', admin)).text()).replace(/<!--[^>]*-->/g, '');
		const row = (action: string, rows: number, why: string) => new RegExp(`<td>rina</td><td>${action}</td><td><code>[^<]*63\\.02\\.01[^<]*</code></td><td>${rows}</td><td>${why}</td>`);
		expect(audit).toMatch(row('byname\\.view', count, purpose));
		expect(audit).toMatch(row('byname\\.export', csvRows, 'Cek penerima sebelum rapat TKPK'));
		expect(audit).not.toContain('<td>cek</td>');
		// The CLI's account creation above is the first entry.
		expect((await adminCli(server.stateDir, ['verify-audit'])).stdout).toMatch(/Audit log intact: 3 entries/);
		expect((await get('/admin/audit', rina)).status).toBe(403);
	});
});

describe('refusals', () => {
	const mainOf = async (res: Response) => (/<main\b[^>]*>([\s\S]*)<\/main>/.exec(await res.text())?.[1] ?? '').replace(/<!--[^>]*-->/g, '');

	it('explain inside the site layout why a page is refused, in the reader’s language, and offer a way back', async () => {
		const planner = await signInCookie(server.url, 'bangka-planner');
		const scope = await get('/peta/63.02', planner);
		expect(scope.status).toBe(403);
		const html = await mainOf(scope);
		expect(html).toContain('Di luar cakupan wilayah akun Anda');
		expect(html).toContain('Akun bangka-planner mencakup wilayah Kabupaten Bangka (19.01) saja.');
		expect(html).toContain('href="/wilayah/19.01"');
		const english = await mainOf(await get('/peta/63.02', `${planner}; PARAGLIDE_LOCALE=en`));
		expect(english).toContain("Outside your account's region");

		const role = await get('/perencanaan/63.02', await signInCookie(server.url, 'tamu'));
		expect(role.status).toBe(403);
		const roleHtml = await mainOf(role);
		expect(roleHtml).toContain('Akun tamu berperan Pimpinan (lihat saja)');
		expect(roleHtml).toContain('href="/wilayah/63.02"');

		const malformed = await get('/peta/abc', await signInCookie(server.url, 'admin'));
		expect(malformed.status).toBe(404);
		expect(await mainOf(malformed)).toContain('Halaman tidak ditemukan');
		const long = await get(`/wilayah/63.02?indicator=${'x'.repeat(65)}`);
		expect(long.status).toBe(400);
		expect(await mainOf(long)).toContain('Parameter "indicator" tidak valid: paling banyak 64 karakter.');
	});

	it('never run a refused form action, plain or enhanced: no list, no audit entry', async () => {
		const viewer = await signInCookie(server.url, 'tamu');
		const post = (accept: string, extra: Record<string, string> = {}) =>
			fetch(server.url + '/daftar/63.02.01', {
				method: 'POST',
				redirect: 'manual',
				headers: { cookie: viewer, origin: server.url, accept, 'content-type': 'application/x-www-form-urlencoded', ...extra },
				body: new URLSearchParams({ program: 'KTB-PANGAN-2024', daftar: 'unreached', purpose: 'Verifikasi lapangan paket pangan' })
			});
		const before = (await adminCli(server.stateDir, ['verify-audit'])).stdout;
		const plain = await post('text/html');
		expect(plain.status).toBe(403);
		expect(await mainOf(plain)).toContain('Tidak tersedia untuk peran akun Anda');
		const enhanced = await post('application/json', { 'x-sveltekit-action': 'true' });
		expect(enhanced.status).toBe(403);
		expect(await enhanced.json()).toMatchObject({ type: 'error', error: { code: 'role' } });
		expect((await adminCli(server.stateDir, ['verify-audit'])).stdout).toBe(before);
	});
});

describe('in the browser', () => {
	it('signs in over http://127.0.0.1 with the Secure cookie, shows the account, and signs out', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const violations: string[] = [];
		page.on('console', (msg) => {
			if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
		});
		await signIn(page, server.url, 'rina');
		const session = async () => (await context.cookies()).filter((c) => c.name.startsWith('__Host-'));
		const [cookie] = await session();
		expect(cookie).toMatchObject({ name: '__Host-tepat_session', httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
		expect(await page.getByText('Akun: rina · Perencana (Bappeda) · Kabupaten Kotabaru').count()).toBe(1);

		await page.goto(server.url + '/wilayah/63.02?indicator=dtks_hh');
		await page.waitForLoadState('networkidle');
		expect(await page.getByText('Tampilan publik').count()).toBe(0);
		await expect.poll(() => page.locator('svg path').count(), { timeout: 20_000 }).toBeGreaterThan(0);
		await page.goto(server.url + '/wilayah/19.01');
		expect(await page.getByText('di luar cakupan akun Anda').count()).toBe(1);

		await page.getByRole('button', { name: 'Keluar' }).click();
		await page.waitForURL(server.url + '/');
		expect(await session()).toEqual([]);
		expect(await page.getByRole('link', { name: 'Masuk' }).count()).toBe(1);
		expect(violations).toEqual([]);
		await context.close();
	});

	it('shows a wrong password as an error without saying which field was wrong', async () => {
		const page = await browser.newPage();
		await page.goto(server.url + '/masuk');
		await page.getByLabel('Nama pengguna').fill('admin');
		await page.getByLabel('Kata sandi').fill('bukan-kata-sandinya');
		await page.getByRole('button', { name: 'Masuk' }).click();
		expect(await page.getByRole('alert').textContent()).toMatch(/salah/);
		await page.close();
	});
});
