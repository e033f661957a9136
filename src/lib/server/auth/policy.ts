import { REGION_CODE } from '../api/params';

/**
 * Who may open what: the single access policy for every page, endpoint and export. The hook in
 * `src/hooks.server.ts` looks up `event.route.id` here before anything loads; a route missing from
 * this table is refused, and `policy.test.ts` fails when a file under `src/routes` is not listed.
 */
export const ROLES = ['admin', 'planner', 'agency', 'district', 'village', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const AGENCIES = ['dinsos', 'dinkes', 'dp2kb'] as const;
export type Agency = (typeof AGENCIES)[number];

export interface Principal {
	id: number;
	username: string;
	role: Role;
	/** Kemendagri code of the region subtree the account may see; `ID` is the whole country. */
	scope: string;
	agency: Agency | null;
}

/** What a request names as its region(s), read from the route parameters or the query string. */
export interface RequestShape {
	params: Partial<Record<string, string>>;
	url: URL;
}
type RegionsOf = (req: RequestShape) => string[];

export type Rule =
	/** Anyone, signed in or not; the route shows nothing beyond the public tables. */
	| { kind: 'public' }
	/** Anyone: signed-out visitors and users outside their scope get the public view of the same URL. */
	| { kind: 'public-view'; roles: readonly Role[]; regions: RegionsOf }
	/** Signed-in users of the listed roles, and only for regions inside their scope. */
	| { kind: 'scoped'; roles: readonly Role[]; regions: RegionsOf }
	/** Signed-in users of the listed roles, no region involved. */
	| { kind: 'signed-in'; roles: readonly Role[] };

const ALL: readonly Role[] = ROLES;
/** Roles that work with programme and household-level questions (workbench, by-name lists). */
const OPERATIONAL: readonly Role[] = ['admin', 'planner', 'agency', 'district', 'village'];

const param =
	(name: string): RegionsOf =>
	(req) => [req.params[name] ?? ''];
const query =
	(name: string, fallback?: string): RegionsOf =>
	(req) => [req.url.searchParams.get(name) ?? fallback ?? ''];
/** Comma-separated list in one query parameter; an empty list is the default view, which spans the country. */
const queryList =
	(name: string): RegionsOf =>
	(req) => {
		const codes = (req.url.searchParams.get(name) ?? '')
			.split(',')
			.map((c) => c.trim())
			.filter(Boolean);
		return codes.length ? codes : ['ID'];
	};

const PUBLIC: Rule = { kind: 'public' };

export const POLICY: Record<string, Rule> = {
	'/': PUBLIC,
	'/cari': PUBLIC,
	'/bahasa': PUBLIC,
	'/masuk': PUBLIC,
	'/keluar': PUBLIC,
	'/publik': PUBLIC,
	'/publik/[code]': PUBLIC,
	'/publik/metode': PUBLIC,
	'/api/v1/public/[table]': PUBLIC,
	'/api/v1/indicators': PUBLIC,
	'/api/v1/regions': PUBLIC,
	'/api/v1/regions/[code]': PUBLIC,
	// Boundary geometry carries region codes only.
	'/api/v1/tiles': PUBLIC,
	'/api/v1/tiles/[z]/[x]/[y]': PUBLIC,
	'/api/v1/raster/[part]': PUBLIC,
	'/wilayah/[code]': { kind: 'public-view', roles: ALL, regions: param('code') },
	// The overview counts distributions and unsuppressed register values: signed in, within scope.
	'/ringkasan/[code]': { kind: 'scoped', roles: ALL, regions: param('code') },
	'/bandingkan': { kind: 'scoped', roles: ALL, regions: queryList('w') },
	// Outside the caller's scope these answer from the public database, published indicators only.
	'/api/v1/values': { kind: 'public-view', roles: ALL, regions: query('region', 'ID') },
	'/api/v1/series': { kind: 'public-view', roles: ALL, regions: query('region') },
	'/api/v1/targets': { kind: 'scoped', roles: ALL, regions: query('region') },
	// The map colours villages by unsuppressed register values: signed in, within scope.
	'/peta/[code]': { kind: 'scoped', roles: ALL, regions: param('code') },
	'/perencanaan/[code]': { kind: 'scoped', roles: OPERATIONAL, regions: param('code') },
	'/api/v1/coverage': { kind: 'scoped', roles: OPERATIONAL, regions: query('region') },
	'/api/v1/allocation': { kind: 'scoped', roles: OPERATIONAL, regions: query('region') },
	'/daftar/[code]': { kind: 'scoped', roles: OPERATIONAL, regions: param('code') },
	'/daftar/[code]/unduh': { kind: 'scoped', roles: OPERATIONAL, regions: param('code') },
	'/admin': { kind: 'signed-in', roles: ['admin'] },
	'/admin/audit': { kind: 'signed-in', roles: ['admin'] },
	'/admin/import': { kind: 'signed-in', roles: ['admin'] },
	'/admin/import/rejects/[name]': { kind: 'signed-in', roles: ['admin'] },
	'/admin/import/jobs/[token]': { kind: 'signed-in', roles: ['admin'] },
	// Synthetic sample files (made-up rows in native-export shape) to try the import with.
	'/admin/import/sample/[kind]': { kind: 'signed-in', roles: ['admin'] },
	// Templates hold headers and one made-up example row; the officers who fill them need not be admins.
	'/admin/import/template/[kind]': { kind: 'signed-in', roles: ALL }
};

/** True when `code` lies in the subtree rooted at `scope` (Kemendagri codes nest by prefix). */
export function inScope(scope: string, code: string): boolean {
	if (!REGION_CODE.test(code)) return false;
	return scope === 'ID' || code === scope || code.startsWith(scope + '.');
}

export type Decision =
	| { allow: true; view: 'full' | 'public' }
	| { allow: false; status: 401 | 403 | 404; reason: 'unknown-route' | 'sign-in' | 'role' | 'scope' };

/** The access decision for one request; `routeId` null means no route matched (SvelteKit answers 404). */
export function decide(routeId: string | null, user: Principal | null, req: RequestShape): Decision {
	if (routeId === null) return { allow: true, view: 'public' };
	const rule = POLICY[routeId];
	if (!rule) return { allow: false, status: 404, reason: 'unknown-route' };
	if (rule.kind === 'public') return { allow: true, view: 'public' };
	const roleOk = user !== null && rule.roles.includes(user.role);
	const regionsOk = (regions: RegionsOf) => {
		const codes = regions(req);
		return user !== null && codes.length > 0 && codes.every((c) => inScope(user.scope, c));
	};
	if (rule.kind === 'public-view') return { allow: true, view: roleOk && regionsOk(rule.regions) ? 'full' : 'public' };
	if (!user) return { allow: false, status: 401, reason: 'sign-in' };
	if (!roleOk) return { allow: false, status: 403, reason: 'role' };
	if (rule.kind === 'scoped' && !regionsOk(rule.regions)) return { allow: false, status: 403, reason: 'scope' };
	return { allow: true, view: 'full' };
}
