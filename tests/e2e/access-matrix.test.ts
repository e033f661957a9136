/**
 * The access matrix, generated from the routes: every route under src/routes × every role (accounts
 * scoped to Kotabaru, 63.02, in the server's real SQLite state) and a signed-out visitor × in-scope,
 * out-of-scope and national regions × single and repeated parameters × path tricks, against the
 * built server. What counts as a leak does not come from the route table but from what an answer
 * carries:
 *
 * - a refusal (4xx, or a redirect) that names a region outside the account's scope (code or name)
 *   it was not asked about;
 * - an answer to a request naming a region outside the account's scope that differs from what a
 *   signed-out visitor gets for the same request (the public view is all such a request may give);
 * - a signed-out answer carrying an indicator that is never public (`dtks_hh`);
 * - a route that docs/access.md keeps from a role or from signed-out visitors answering them;
 * - an agency officer's answer naming, or asked for, another agency's programme.
 *
 * A single-valued parameter given twice must never be answered (the edge refuses it with 400). The
 * counts are printed.
 */
import { unflatten } from 'devalue';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES } from '../../src/lib/server/auth/policy';
import { SnapshotDatabase } from '../../src/lib/server/db';
import { declared, routeIds } from '../routes';
import { signInCookie, startServerWithAccounts, type ServerWithAccounts, type TestAccount } from './accounts';
import { repoRoot } from './harness';
import { SAMPLES, pool, routePath, send, type Answer } from './requests';

const SCOPE = '63.02';
const IN = { district: '63.02.01', village: '63.02.01.2001', programme: 'KTB-PANGAN-2024' };
const OUT = { regency: '64.02', district: '64.02.13', village: '64.02.13.1008', programme: 'KKR-SEMBAKO-2023' };
const inScope = (code: string) => code === SCOPE || code.startsWith(`${SCOPE}.`);

/** Parameters that name a region (or, for `program`, a region's programme): in scope, out of scope, the country. */
const REGIONAL: Record<string, { in: string; out: string[]; region?: Record<string, string> }> = {
	region: { in: IN.district, out: [OUT.regency, 'ID'] },
	w: { in: IN.district, out: [OUT.regency, 'ID', `${IN.district},${OUT.district}`] },
	district: { in: IN.district, out: [OUT.district] },
	sel: { in: IN.village, out: [OUT.village] },
	program: { in: IN.programme, out: [OUT.programme], region: { [IN.programme]: SCOPE, [OUT.programme]: OUT.regency } }
};
/** The regions a value of a regional parameter names. */
const regionsOf = (name: string, value: string) => REGIONAL[name]?.region?.[value] ?? value;
/** Spellings of an out-of-scope code that a careless check might take for another. */
const CODE_TRICKS = [`${OUT.district}.`, `${IN.district}%2F..%2F${OUT.district}`, `${IN.district}/../${OUT.district}`, '%36%34.02.13', `${OUT.district}%00`];

interface Try {
	route: string;
	method: 'GET' | 'POST';
	path: string;
	form?: string;
	/** Every region the request names, in any spelling the server might read (an out-of-scope programme counts as its region). */
	regions: string[];
	repeated: boolean;
	trick: boolean;
}

const withQuery = (path: string, pairs: [string, string][]) => (pairs.length ? `${path}?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : path);

/** The matrix rows of one route: its in-scope request, then each region swapped, repeated or spelled otherwise, and each other parameter repeated. */
function triesFor(route: string): Try[] {
	const spec = declared(route);
	if (!spec) return [];
	const hasCode = route.includes('[code');
	const regional = spec.query.filter((n) => n in REGIONAL);
	const base: [string, string][] = [
		...regional.map((n): [string, string] => [n, REGIONAL[n]!.in]),
		...spec.query.filter((n) => (n === 'indicator' && route !== '/api/v1/targets') || (n === 'q' && route === '/api/v1/regions')).map((n): [string, string] => [n, SAMPLES[n]![0]]),
		// JSON rather than Arrow, so that region codes in an answer can be read.
		...(spec.query.includes('format') && route.startsWith('/api/') ? [['format', 'json'] as [string, string]] : [])
	];
	const inRegions = [...(hasCode ? [IN.district] : []), ...regional.map((n) => regionsOf(n, REGIONAL[n]!.in))];
	const form = spec.form.length ? (over: Record<string, string[]> = {}) => spec.form.flatMap((n) => (over[n] ?? [n === 'program' ? IN.programme : SAMPLES[n]![0]]).map((v) => `${n}=${encodeURIComponent(v)}`)).join('&') : null;
	const make = (code: string, pairs: [string, string][], extra: Partial<Try> & { regions: string[] }): Try[] => {
		const path = withQuery(routePath(route, code), pairs);
		const t = { route, path, repeated: false, trick: false, ...extra };
		if (!form) return [{ ...t, method: 'GET' }];
		return [{ ...t, method: 'GET' }, { ...t, method: 'POST', form: form() }];
	};
	const replace = (name: string, values: string[]) => [...base.filter(([k]) => k !== name), ...values.map((v): [string, string] => [name, v])];
	const tries: Try[] = make(IN.district, base, { regions: inRegions });
	if (hasCode) {
		for (const out of [OUT.district, 'ID']) tries.push(...make(out, base, { regions: [out, ...inRegions.slice(1)] }));
		const [prefix, rest] = routePath(route, '\u0000').split('\u0000') as [string, string];
		for (const trick of [`${IN.district}/../${OUT.district}`, `${IN.district}/%2e%2e/${OUT.district}`, `${IN.district}%2F..%2F${OUT.district}`, `${OUT.district}.`, '%36%34.02.13'])
			tries.push({ route, method: 'GET', path: withQuery(prefix + trick + rest, base), regions: [IN.district, OUT.district, ...inRegions], repeated: false, trick: true });
	}
	for (const name of regional) {
		const r = REGIONAL[name]!;
		const out0 = regionsOf(name, r.out[0]!);
		for (const out of r.out) tries.push(...make(IN.district, replace(name, [out]), { regions: [...inRegions, ...regionsOf(name, out).split(',')] }));
		tries.push(...make(IN.district, replace(name, [r.in, r.out[0]!]), { regions: [...inRegions, out0], repeated: true }));
		tries.push(...make(IN.district, replace(name, [r.out[0]!, r.in]), { regions: [...inRegions, out0], repeated: true }));
		if (name !== 'program') for (const trick of CODE_TRICKS) tries.push(...make(IN.district, replace(name, [trick]), { regions: [...inRegions, OUT.district], trick: true }));
	}
	for (const name of spec.query.filter((n) => !(n in REGIONAL))) {
		const values = SAMPLES[name];
		if (!values) throw new Error(`add two sample values of "${name}" (${route}) to SAMPLES`);
		tries.push(...make(IN.district, replace(name, values), { regions: inRegions, repeated: true }));
	}
	// A form action a regional administrator may not run (a snapshot id that does not exist: nothing would change).
	if (route === '/admin/import') tries.push({ route, method: 'POST', path: '/admin/import?/rollback', form: 'id=tidak-ada', regions: [], repeated: false, trick: false });
	// The accounts page's actions, which only a national administrator may run (none is among the callers).
	if (route === '/admin' && form) for (const action of ['create', 'status', 'reset']) tries.push({ route, method: 'POST', path: `/admin?/${action}`, form: form(), regions: [], repeated: false, trick: false });
	if (form) {
		const post = (over: Record<string, string[]>, extra: Partial<Try> & { regions: string[] }, code = IN.district): Try => ({
			route,
			method: 'POST',
			path: routePath(route, code),
			form: form(over),
			repeated: false,
			trick: false,
			...extra
		});
		// Regions a form names: the route's code and (the by-name lists) the programme; /akun and /admin name none.
		if (hasCode) tries.push(post({}, { regions: [OUT.district] }, OUT.district));
		if (spec.form.includes('program')) {
			tries.push(post({ program: [OUT.programme] }, { regions: [IN.district, OUT.regency] }));
			tries.push(post({ program: [IN.programme, OUT.programme] }, { regions: [IN.district, OUT.regency], repeated: true }));
		}
	}
	return tries;
}

const refused = (a: Answer) => a.status >= 300;
/** Refused for who is asking (not for how the request is written): 401, 403, 404, or sent to sign in. */
const accessRefused = (a: Answer) => [401, 403, 404].includes(a.status) || (a.status === 303 && a.location.startsWith('/masuk'));

/** The request as it may come back in an answer (a sign-in link, an echoed parameter), removed before looking for leaks. */
function withoutEchoes(text: string, t: Try): string {
	// As sent, and as the server reads it (dot segments resolved), which is what a sign-in link carries back.
	const read = new URL(t.path, 'http://x');
	const forms = new Set([t.path, read.pathname + read.search, ...(t.form ? [t.form] : [])]);
	for (const f of [...forms]) {
		try {
			forms.add(decodeURIComponent(f));
		} catch {
			// not decodable: only the raw form can be echoed
		}
	}
	for (const f of [...forms]) for (const g of [encodeURIComponent(f), f.replaceAll('&', '&amp;'), JSON.stringify(f).slice(1, -1)]) forms.add(g);
	let out = text;
	for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join('');
	return out;
}

const CODE = /\b\d{2}\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?\b/g;
let regionCodes = new Set<string>();
let outNames: RegExp;

/** What an answer the caller should not have carries: region codes and names outside `scope` (everything for a signed-out visitor). */
function leakedRegions(text: string, t: Try, scoped: boolean): string[] {
	// A region the request names, or one of its parents, may be echoed (`Kode wilayah tidak dikenal: 64.02`).
	const asked = new Set(t.regions.flatMap((c) => c.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
	const codes = [...new Set(text.match(CODE) ?? [])].filter((c) => regionCodes.has(c) && !asked.has(c) && !(scoped && inScope(c)));
	const names = [...new Set(text.match(outNames) ?? [])];
	return [...codes, ...names];
}

/** The page's own data (the layout's account data and the public-view flag left out), as Kit sends it to the browser. */
async function pageData(base: string, t: Try, cookie: string | null): Promise<string> {
	const [path, query] = t.path.split('?') as [string, string | undefined];
	const a = await send(base, { method: 'GET', path: `${path === '/' ? '' : path}/__data.json${query ? `?${query}` : ''}` }, cookie);
	if (!a.type.includes('json')) return `${a.status} ${a.body.toString()}`;
	const nodes = (JSON.parse(a.body.toString()) as { nodes?: ({ type: string; data?: unknown[] } | null)[] }).nodes ?? [];
	return JSON.stringify(
		nodes.slice(1).map((n) => {
			if (n?.type !== 'data' || !n.data) return n;
			const data = unflatten(n.data) as Record<string, unknown>;
			delete data.signedIn;
			return data;
		})
	);
}

/** What docs/access.md keeps from whom, independent of the route table. */
// `/bandingkan` and `/api/v1/targets` answer everyone from the public tables (docs/access.md); outside the caller's
// scope they must give exactly what a signed-out visitor gets, which the out-of-scope check below compares.
const SIGNED_IN_ONLY = /^\/(peta|ringkasan|perencanaan|daftar|admin)\b|^\/api\/v1\/(coverage|allocation)$/;
const OPERATIONAL_ONLY = /^\/(perencanaan|daftar)\b|^\/api\/v1\/(coverage|allocation)$/;
const ADMIN_ONLY = /^\/admin(?!\/import\/template)/;
/** Accounts, the audit log and snapshot rollback: administrators of the whole country only. */
const NATIONAL_ONLY = (t: Try) => /^\/admin(\/audit)?$/.test(t.route) || t.path.includes('?/rollback');
function docsRefuse(account: TestAccount | null, t: Try): string | null {
	if (account === null) return SIGNED_IN_ONLY.test(t.route) && !t.route.startsWith('/admin/import/template') ? 'signed out' : null;
	if (account.role === 'viewer' && OPERATIONAL_ONLY.test(t.route)) return 'viewer';
	if (account.role !== 'admin' && ADMIN_ONLY.test(t.route)) return 'not an administrator';
	if (account.scope !== 'ID' && NATIONAL_ONLY(t)) return 'not a national administrator';
	return null;
}
/** Whose programmes those that run in Kotabaru are (docs/access.md: agency officers see their own agency's only). */
const OWNER: [RegExp, string][] = [[/^(KTB-PANGAN|PKH|BPNT)-\d{4}$/, 'dinsos']];
const ownerOf = (programme: string) => OWNER.find(([re]) => re.test(programme))?.[1] ?? null;
const PROGRAMME = /\b(?:KTB-PANGAN|PKH|BPNT)-\d{4}\b/g;
/** Programmes a request names (`program=` in the query or the form). */
const programmesNamed = (t: Try) => [...`${t.path}&${t.form ?? ''}`.matchAll(/[?&]program=([^&]*)/g)].map((m) => decodeURIComponent(m[1]!));
const NEVER_PUBLIC = ['dtks_hh'];
/** The catalogue lists every indicator's definition (not its figures) to everyone. */
const DEFINITIONS_ONLY = new Set(['/api/v1/indicators']);

const ACCOUNTS: TestAccount[] = [
	...ROLES.map((role) => ({ username: `kotabaru-${role}`, role, scope: SCOPE, ...(role === 'agency' ? { agency: 'dinsos' as const } : {}) })),
	// No programme in Kotabaru is the health office's: a Dinkes officer there may see none.
	{ username: 'kotabaru-dinkes', role: 'agency', scope: SCOPE, agency: 'dinkes' }
];

let server: ServerWithAccounts;
beforeAll(async () => {
	server = await startServerWithAccounts(ACCOUNTS);
	const db = await SnapshotDatabase.open(`${repoRoot}data/current`);
	try {
		const rows = await db.query<{ code: string; name: string; inside: boolean }>(
			`SELECT code, name, starts_with(code, '64.02') OR starts_with(code, '19.01') AS inside FROM regions WHERE valid_to IS NULL AND code LIKE '%.%'`
		);
		regionCodes = new Set(rows.map((r) => r.code));
		// Names of the other demo regencies' regions, where they cannot be mistaken for a Kotabaru name or a word of the interface.
		const own = new Set(rows.filter((r) => inScope(r.code)).map((r) => r.name));
		const names = [...new Set(rows.filter((r) => r.inside && r.name.length >= 6 && !own.has(r.name)).map((r) => r.name))];
		outNames = new RegExp(`\\b(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'g');
	} finally {
		db.close();
	}
});
afterAll(async () => {
	await server?.stop();
});

it('answers no out-of-scope request with data, refuses every repeated parameter, and covers every route', async () => {
	const routes = routeIds();
	const undeclared = routes.filter((r) => !declared(r));
	const tries = routes.flatMap(triesFor);
	const key = (t: Try) => `${t.method} ${t.path} ${t.form ?? ''}`;
	const leaks: string[] = [];
	const ambiguous: string[] = [];
	const publicAnswers = new Map<string, Answer>();
	let requests = 0;
	let outOfScope = 0;
	/** Leaks whose answer also names regions outside the scope that the request did not ask about. */
	let carrying = 0;

	const principals: (TestAccount | null)[] = [null, ...ACCOUNTS];
	for (const account of principals) {
		const cookie = account ? await signInCookie(server.url, account.username) : null;
		const who = account ? account.username : 'signed out';
		await pool(tries, 6, async (t) => {
			const a = await send(server.url, t, cookie);
			requests++;
			const text = withoutEchoes(a.body.toString('utf8'), t);
			const where = `${who} ${t.method} ${t.path}${t.form ? ` [${t.form}]` : ''} → ${a.status}`;
			if (!account) publicAnswers.set(key(t), a);
			if (t.repeated && a.status < 300) ambiguous.push(where);
			const docs = docsRefuse(account, t);
			if (docs && !t.repeated && !t.trick && !accessRefused(a)) leaks.push(`${where}: not refused, but docs/access.md refuses it (${docs})`);
			const agency = account?.agency;
			if (agency) {
				const others = programmesNamed(t).filter((p) => ownerOf(p) !== agency);
				if (others.length && !refused(a)) leaks.push(`${where}: answered with another agency's programme ${others.join(', ')}`);
				const shown = SIGNED_IN_ONLY.test(t.route) && !refused(a) ? [...new Set(text.match(PROGRAMME) ?? [])].filter((p) => ownerOf(p) !== agency) : [];
				if (shown.length) leaks.push(`${where}: shows another agency's programmes ${shown.slice(0, 5).join(', ')}`);
			}
			const outside = !account || t.regions.some((c) => !inScope(c));
			if (account && outside) outOfScope++;
			if (refused(a)) {
				const found = leakedRegions(text, t, account !== null);
				if (found.length) leaks.push(`${where}: refusal names ${found.slice(0, 5).join(', ')}`);
				return;
			}
			if (!account) {
				const shown = NEVER_PUBLIC.filter((id) => text.includes(id) && !DEFINITIONS_ONLY.has(t.route));
				if (shown.length) leaks.push(`${where}: signed-out answer carries ${shown.join(', ')}`);
				return;
			}
			if (!outside) return;
			const open = publicAnswers.get(key(t))!;
			if (open.status !== a.status) {
				const found = leakedRegions(text, t, true);
				if (found.length) carrying++;
				leaks.push(`${where}: out-of-scope answer where a signed-out visitor gets ${open.status}${found.length ? `; names ${found.slice(0, 5).join(', ')}` : ''}`);
				return;
			}
			const same = a.type.startsWith('text/html') ? (await pageData(server.url, t, cookie)) === (await pageData(server.url, t, null)) : a.body.equals(open.body);
			if (same) return;
			const found = leakedRegions(text, t, true);
			if (found.length) carrying++;
			leaks.push(`${where}: out-of-scope answer differs from the public one${found.length ? ` and names ${found.slice(0, 5).join(', ')}` : ''}`);
		});
	}

	const trickCount = tries.filter((t) => t.trick).length;
	const repeatCount = tries.filter((t) => t.repeated).length;
	console.log(
		`access matrix: ${routes.length} routes × ${principals.length} callers (${ROLES.length} roles and a second agency scoped to ${SCOPE}, signed out): ${requests} requests ` +
			`(${tries.length} per caller, ${repeatCount} with a repeated parameter, ${trickCount} path or code tricks; ${outOfScope} out-of-scope tries by signed-in callers); ` +
			`leaks: ${leaks.length} (${carrying} of them naming other out-of-scope regions); repeated parameters answered: ${ambiguous.length}`
	);
	for (const line of [...leaks.slice(0, 40), ...ambiguous.slice(0, 10)]) console.log('  ' + line);
	expect(undeclared, 'routes missing from the route table (src/lib/server/edge/routes.ts)').toEqual([]);
	expect(leaks.length, 'leaks').toBe(0);
	expect(ambiguous.length, 'repeated single-valued parameters answered').toBe(0);
}, 900_000);
