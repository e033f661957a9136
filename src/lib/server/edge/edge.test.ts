import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { messageOf } from '../../../../tests/messages';
import { routeIds } from '../../../../tests/routes';
import { inScope, ROLES, type Principal, type Role } from '../auth/policy';
import { admit, edgeHandleError } from './handle';
import { renamedUrl, ROUTES, routeSpec } from './routes';

const user = (role: Role, scope: string): Principal => ({ id: 1, username: role, role, scope, agency: role === 'agency' ? 'dinsos' : null });

/** Parses and decides one GET (or POST with a form) the way the edge does for `routeId`. */
function ask(routeId: string, path: string, who: Principal | null, params: Record<string, string> = {}, form?: Record<string, string>) {
	const url = new URL('http://x' + path);
	const request = form ? new Request(url, { method: 'POST', body: new URLSearchParams(form) }) : new Request(url);
	return admit(routeSpec(routeId)!, who, { params, url, request });
}

/** A request for each route naming a region in Kotabaru (63.02) wherever its schema takes one. */
function kotabaru(routeId: string) {
	const params = Object.fromEntries([...routeId.matchAll(/\[(\w+)(?:=\w+)?\]/g)].map((m) => [m[1]!, PARAMS[m[1]!] ?? 'x']));
	const query = new URLSearchParams();
	for (const name of ['region', 'w']) if (ROUTES_TAKING[name]!.has(routeId)) query.set(name, '63.02.01');
	if (ROUTES_TAKING.indicator!.has(routeId)) query.set('indicator', 'poverty_rate');
	if (routeId === '/api/v1/regions') query.set('q', 'kota');
	return { params, path: routeId.replace(/\[(\w+)(?:=\w+)?\]/g, (_, k: string) => params[k]!) + (query.size ? `?${query}` : '') };
}
const PARAMS: Record<string, string> = { code: '63.02.01', table: 'program', z: '1', x: '1', y: '1', part: 'villages.json', kind: 'households', token: '0123456789abcdef0123456789abcdef' };
const ROUTES_TAKING: Record<string, Set<string>> = { region: new Set(), w: new Set(), indicator: new Set() };
for (const [id, route] of Object.entries(ROUTES)) {
	const shape = (route.query as unknown as { shape?: Record<string, unknown> }).shape ?? {};
	for (const name of Object.keys(ROUTES_TAKING)) if (name in shape) ROUTES_TAKING[name]!.add(id);
}

describe('the route table', () => {
	it('covers every page and endpoint under src/routes', () => {
		const missing = routeIds().filter((id) => !(id in ROUTES));
		expect(missing, 'add these routes to ROUTES in src/lib/server/edge/routes.ts').toEqual([]);
		const gone = Object.keys(ROUTES).filter((id) => !routeIds().includes(id));
		expect(gone, 'these ROUTES entries have no route under src/routes').toEqual([]);
	});

	it('says for each route whether it is a page or an endpoint, and lists every form action a page has', async () => {
		for (const [id, route] of Object.entries(ROUTES)) {
			const dir = path.join('src/routes', id);
			expect(fs.existsSync(path.join(dir, route.kind === 'page' ? '+page.server.ts' : '+server.ts')), id).toBe(true);
			if (route.kind !== 'page') continue;
			const mod = (await import(/* @vite-ignore */ path.resolve(dir, '+page.server.ts'))) as { actions?: Record<string, unknown> };
			expect(Object.keys(route.actions).sort(), id).toEqual(Object.keys(mod.actions ?? {}).sort());
		}
	});

	it('lets no page load anything before the edge’s verdict: each server load reads its input first', () => {
		for (const [id, route] of Object.entries(ROUTES)) {
			if (route.kind !== 'page') continue;
			const source = fs.readFileSync(path.join('src/routes', id, '+page.server.ts'), 'utf8');
			const body = /(?:function load\(\w*\)|load: \w+ = \(\w*\) =>) \{([^;]*;)/.exec(source)?.[1];
			expect(body, `${id}: the load's first statement must call input(event)`).toMatch(/\binput\(event\)/);
		}
	});

	it('nests scopes by code prefix only at a dot boundary', () => {
		expect(inScope('63.02', '63.02.01.2001')).toBe(true);
		expect(inScope('63.02', '63.02')).toBe(true);
		expect(inScope('63.02', '63.0')).toBe(false);
		expect(inScope('63.02', '63.021')).toBe(false);
		expect(inScope('63.02', '63')).toBe(false);
		expect(inScope('ID', '19.01')).toBe(true);
		expect(inScope('63.02', '../63.02')).toBe(false);
	});

	it('denies every region-bound route to every role scoped outside the requested region', async () => {
		for (const [routeId, route] of Object.entries(ROUTES)) {
			const { params, path } = kotabaru(routeId);
			for (const role of ROLES) {
				const d = await ask(routeId, path, user(role, '19.01'), params);
				const rule = route.access;
				const where = `${role} ${path}`;
				if (rule.kind === 'public') expect(d, where).toMatchObject({ ok: true, view: 'public' });
				else if (rule.kind === 'public-view') expect(d, where).toMatchObject({ ok: true, view: 'public' });
				else if (rule.kind === 'signed-in') expect(d.ok, where).toBe(rule.roles.includes(role));
				else expect(d, where).toMatchObject({ ok: false, status: 403 });
			}
		}
	});

	it('lets a signed-out visitor open only public routes and the public view of region pages', async () => {
		for (const [routeId, route] of Object.entries(ROUTES)) {
			const { params, path } = kotabaru(routeId);
			const d = await ask(routeId, path, null, params);
			expect(d.ok, path).toBe(route.access.kind === 'public' || route.access.kind === 'public-view');
			if (d.ok) expect(d.view).toBe('public');
			else expect(d.status, path).toBe(401);
		}
	});

	it('gives a Kotabaru planner the full view of its own villages and the workbench, and the country only to national accounts', async () => {
		const planner = user('planner', '63.02');
		expect(await ask('/wilayah/[code=region]', '/wilayah/63.02.01', planner, { code: '63.02.01' })).toMatchObject({ ok: true, view: 'full' });
		expect(await ask('/perencanaan/[code=region]', '/perencanaan/63.02', planner, { code: '63.02' })).toMatchObject({ ok: true, view: 'full' });
		expect(await ask('/api/v1/coverage', '/api/v1/coverage?region=63.02', planner)).toMatchObject({ ok: true, view: 'full' });
		expect(await ask('/api/v1/coverage', '/api/v1/coverage?region=63.02&district=64.02.13', planner)).toMatchObject({ ok: false, status: 403 });
		// Official statistics and targets are public tables; a comparison of the whole country is the public view outside the scope.
		expect(await ask('/api/v1/targets', '/api/v1/targets', planner)).toMatchObject({ ok: true, view: 'public' });
		expect(await ask('/bandingkan', '/bandingkan', planner)).toMatchObject({ ok: true, view: 'public' });
		expect(await ask('/bandingkan', '/bandingkan', user('viewer', 'ID'))).toMatchObject({ ok: true, view: 'full' });
	});

	it('keeps viewers away from the workbench and by-name lists, and non-admins away from admin pages', async () => {
		const viewer = user('viewer', '63.02');
		expect(await ask('/perencanaan/[code=region]', '/perencanaan/63.02', viewer, { code: '63.02' })).toMatchObject({ ok: false, status: 403, error: { code: 'role' } });
		expect(await ask('/daftar/[code=list_region]', '/daftar/63.02.01', viewer, { code: '63.02.01' })).toMatchObject({ ok: false, status: 403, error: { code: 'role' } });
		for (const role of ROLES.filter((r) => r !== 'admin')) expect((await ask('/admin/audit', '/admin/audit', user(role, 'ID'))).ok).toBe(false);
	});

	it('lets a regional administrator import, but keeps accounts, the audit log and rollback for administrators of the whole country', async () => {
		const regional = user('admin', '63.02');
		const national = user('admin', 'ID');
		for (const who of [regional, national]) {
			expect((await ask('/admin/import', '/admin/import', who)).ok).toBe(true);
			expect((await ask('/admin/import', '/admin/import?/check', who, {}, {})).ok).toBe(true);
			expect((await ask('/admin/import/template/[kind]', '/admin/import/template/households', who, { kind: 'households' })).ok).toBe(true);
		}
		for (const [routeId, path, form] of [
			['/admin', '/admin', undefined],
			['/admin/audit', '/admin/audit', undefined],
			['/admin/import', '/admin/import?/rollback', { id: 'x' }]
		] as const) {
			expect(await ask(routeId, path, regional, {}, form), path).toMatchObject({ ok: false, status: 403, error: { code: 'national' } });
			expect((await ask(routeId, path, national, {}, form)).ok, path).toBe(true);
		}
		expect(await ask('/admin/import', '/admin/import?/nope', national, {}, {})).toMatchObject({ ok: false, status: 404 });
	});

	it('compares regions inside the scope in full, and answers a comparison naming a peer outside it with the public view', async () => {
		const planner = user('planner', '63.02');
		expect(await ask('/bandingkan', '/bandingkan?w=63.02.01,63.02.02', planner)).toMatchObject({ ok: true, view: 'full' });
		expect(await ask('/bandingkan', '/bandingkan?w=63.02.01,64.02', planner)).toMatchObject({ ok: true, view: 'public' });
		expect(await ask('/bandingkan', '/bandingkan?w=63.02', null)).toMatchObject({ ok: true, view: 'public' });
	});
});

describe('one parse of every request', () => {
	const planner = user('planner', '63.02');

	it('refuses a region given twice instead of checking one and answering the other', async () => {
		for (const [routeId, path] of [
			['/api/v1/coverage', '/api/v1/coverage?region=63.02&region=64.02'],
			['/api/v1/values', '/api/v1/values?indicator=dtks_hh&region=63.02&region=64.02'],
			['/bandingkan', '/bandingkan?w=63.02&w=64.02']
		] as const) {
			const d = await ask(routeId, path, planner);
			expect(d, path).toMatchObject({ ok: false, status: 400 });
			if (!d.ok) {
				expect(d.error.en).toMatch(/given more than once/);
				expect(messageOf(d.error), path).toBe('error_param_repeated');
			}
		}
	});

	it('refuses unknown, malformed and over-long parameters with a message in both languages', async () => {
		const cases: [string, string, Record<string, string>, RegExp][] = [
			['/wilayah/[code=region]', `/wilayah/63.02?indicator=${'x'.repeat(65)}`, { code: '63.02' }, /"indicator": at most 64 characters/],
			['/peta/[code=region]', `/peta/63.02?indicator=${'x'.repeat(65)}`, { code: '63.02' }, /"indicator": at most 64 characters/],
			['/wilayah/[code=region]', '/wilayah/63.02?utm=1', { code: '63.02' }, /Unknown parameter: "utm"/],
			['/api/v1/values', '/api/v1/values?indicator=nope', {}, /"indicator": unknown indicator/],
			['/api/v1/values', '/api/v1/values?indicator=dtks_hh&region=63.02;DROP', {}, /"region": Kemendagri region code/],
			['/ringkasan/[code=region]', '/ringkasan/63.02?date=2025-02-30', { code: '63.02' }, /"date": date YYYY-MM-DD/]
		];
		for (const [routeId, path, params, en] of cases) {
			const d = await ask(routeId, path, planner, params);
			expect(d, path).toMatchObject({ ok: false, status: 400 });
			if (!d.ok) {
				expect(d.error.en, path).toMatch(en);
				expect(d.error.id, path).toMatch(/^Parameter/);
				expect(messageOf(d.error), path).toMatch(/^error_param_/);
			}
		}
	});

	it('sends an old page link (i, p, tanggal, urut) to the same view under the names the API uses', () => {
		const wilayah = routeSpec('/wilayah/[code=region]')!;
		expect(renamedUrl(wilayah, new URL('http://x/wilayah/63.02?i=krs_families&p=2024&sort=name'))).toBe('/wilayah/63.02?indicator=krs_families&period=2024&sort=name');
		expect(renamedUrl(routeSpec('/ringkasan/[code=region]')!, new URL('http://x/ringkasan/64.02?tanggal=2025-06-01&urut=change'))).toBe('/ringkasan/64.02?date=2025-06-01&sort=change');
		expect(renamedUrl(wilayah, new URL('http://x/wilayah/63.02?indicator=krs_families'))).toBeNull();
		// Both names at once is not an old link but a contradiction: the parse refuses it.
		expect(renamedUrl(wilayah, new URL('http://x/wilayah/63.02?i=krs_families&indicator=dtks_hh'))).toBeNull();
		expect(renamedUrl(routeSpec('/api/v1/values')!, new URL('http://x/api/v1/values?i=krs_families'))).toBeNull();
	});

	it('treats a malformed route parameter as a page that does not exist', async () => {
		expect(await ask('/wilayah/[code=region]', '/wilayah/abc', user('admin', 'ID'), { code: 'abc' })).toMatchObject({ ok: false, status: 404 });
	});

	it('reads a by-name form once, refusing a programme given twice', async () => {
		const form = { program: 'KTB-PANGAN-2024', purpose: 'verifikasi lapangan desa' };
		const ok = await ask('/daftar/[code=list_region]/unduh', '/daftar/63.02.01/unduh', planner, { code: '63.02.01' }, form);
		expect(ok).toMatchObject({ ok: true, input: { form: { program: 'KTB-PANGAN-2024', daftar: 'unreached' } } });
		const url = new URL('http://x/daftar/63.02.01/unduh');
		const twice = new Request(url, { method: 'POST', body: 'program=KTB-PANGAN-2024&program=KTB-PANGAN-2023&purpose=verifikasi+lapangan' , headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(await admit(routeSpec('/daftar/[code=list_region]/unduh')!, planner, { params: { code: '63.02.01' }, url, request: twice })).toMatchObject({ ok: false, status: 400 });
	});
});

describe('error texts', () => {
	it('come from Paraglide messages: no error body or schema refusal is written as literal text in the code', () => {
		const files = fs.readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|svelte)$/.test(f) && !f.endsWith('.test.ts') && !f.startsWith('lib/paraglide'));
		// `bilingual('…', '…')`, or a zod message written `'Indonesian / English'`
		const written = /bilingual\(\s*['"`]|(?:refine\([^,]+|regex\([^,]+|date\(|message:)\s*['"`][^'"`\n]+ \/ [^'"`\n]+['"`]/;
		expect(files.length).toBeGreaterThan(100);
		expect(files.filter((f) => written.test(fs.readFileSync(path.join('src', f), 'utf8')))).toEqual([]);
	});
});

describe('unexpected errors', () => {
	it('are logged under a reference with the route id, without the URL or any long digit run, and answered in both languages', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const event = { request: new Request('http://x/daftar/63.02.01?nik=6302011234567890'), route: { id: '/daftar/[code=list_region]' } };
			const body = edgeHandleError({ error: new Error('row 6302011234567890 (Siti) broke'), event, status: 500, message: 'Internal Error' } as never) as App.Error;
			expect(body).toMatchObject({ code: 'internal', id: expect.stringMatching(/rujukan [0-9a-f]{8}/), en: expect.stringMatching(/reference [0-9a-f]{8}/) });
			expect(messageOf(body)).toBe('error_internal');
			const line = log.mock.calls.map((c) => c.join(' ')).join('\n');
			expect(line).toContain(body.ref!);
			expect(line).toContain('/daftar/[code=list_region]');
			expect(line).not.toMatch(/6302011234567890|nik=/);
		} finally {
			log.mockRestore();
		}
	});
});
