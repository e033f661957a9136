/**
 * Malformed input at every door: every route under src/routes, every query parameter and form field
 * it reads and the region code in its path, each given values no form would send (empty, very long,
 * control characters, bad percent-encoding, SQL and path fragments, numbers out of range), asked
 * signed out and as a national administrator (who reaches the most code). No answer may be a 5xx:
 * bad input is a 4xx that says what is wrong. The counts are printed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { declared, routeIds } from '../routes';
import { signInCookie, startServerWithAccounts, type ServerWithAccounts } from './accounts';
import { SAMPLES, pool, routePath, send } from './requests';

/** Values as they travel in a URL (already percent-encoded where they must be). */
const FUZZ = [
	'',
	'x'.repeat(5000),
	'%00',
	'%FF%FE',
	'%',
	'%E2%80%AE63.02',
	"'%3B%20DROP%20TABLE%20households%3B--",
	'..%2F..%2Fetc%2Fpasswd',
	'-1',
	'1e308',
	'NaN',
	'9'.repeat(40),
	'%3Cscript%3Ealert(1)%3C%2Fscript%3E',
	'%5B%5D',
	'%20%2063.02%20',
	'63.02%0A',
	'6.40213E%2B15'
];
const VALID: Record<string, string> = { region: '63.02', w: '63.02', district: '63.02.01', sel: '63.02.01.2001', program: 'KTB-PANGAN-2024' };
const valid = (name: string) => VALID[name] ?? encodeURIComponent(SAMPLES[name]?.[0] ?? '1');

interface Try {
	method: 'GET' | 'POST';
	path: string;
	form?: string;
}

/** The route asked validly, then with one parameter (or its path code, or one form field) replaced by each fuzz value. */
function triesFor(route: string): Try[] {
	const spec = declared(route);
	if (!spec) return [];
	const query = (over: Record<string, string> = {}) => {
		const pairs = spec.query.filter((n) => n in VALID || n === 'indicator' || n in over).map((n) => `${n}=${over[n] ?? valid(n)}`);
		return pairs.length ? `?${pairs.join('&')}` : '';
	};
	const form = (over: Record<string, string> = {}) => spec.form.map((n) => `${n}=${over[n] ?? valid(n)}`).join('&');
	const at = (code = '63.02.01') => routePath(route, code);
	const tries: Try[] = [{ method: 'GET', path: at() + query() }];
	for (const value of FUZZ) {
		if (route.includes('[code')) tries.push({ method: 'GET', path: at(value || '%20') + query() });
		for (const name of spec.query) tries.push({ method: 'GET', path: at() + query({ [name]: value }) });
		for (const name of spec.form) tries.push({ method: 'POST', path: at(), form: form({ [name]: value }) });
	}
	return tries;
}

let server: ServerWithAccounts;
beforeAll(async () => {
	server = await startServerWithAccounts([{ username: 'fuzz-admin', role: 'admin', scope: 'ID' }]);
});
afterAll(async () => {
	await server?.stop();
});

it('answers malformed parameters, paths and forms on every route with a 4xx, never a 5xx', async () => {
	const routes = routeIds();
	const tries = routes.flatMap(triesFor);
	const failures: string[] = [];
	const statuses = new Map<number, number>();
	for (const cookie of [null, await signInCookie(server.url, 'fuzz-admin')]) {
		await pool(tries, 6, async (t) => {
			const a = await send(server.url, t, cookie);
			statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
			if (a.status >= 500) failures.push(`${cookie ? 'admin' : 'signed out'} ${t.method} ${t.path.slice(0, 160)}${t.form ? ` [${t.form.slice(0, 120)}]` : ''} → ${a.status} ${a.body.toString('utf8').slice(0, 160)}`);
		});
	}
	const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
	console.log(`fuzz: ${routes.length} routes, ${tries.length * 2} requests (${tries.length} signed out, ${tries.length} as a national administrator); answers ${summary}; 5xx: ${failures.length}`);
	for (const line of failures.slice(0, 30)) console.log('  ' + line);
	expect(failures).toEqual([]);
}, 600_000);
