import { describe, expect, it } from 'vitest';
import { routeIds } from '../../../../tests/routes';
import { decide, inScope, POLICY, ROLES, type Principal, type Role } from './policy';

const user = (role: Role, scope: string): Principal => ({ id: 1, username: role, role, scope, agency: role === 'agency' ? 'dinsos' : null });
const req = (pathname: string, params: Record<string, string> = {}) => ({ params, url: new URL('http://x' + pathname) });

/** A request for each route naming a region in Kotabaru (63.02), outside every account scoped to Bangka. */
function kotabaruRequest(routeId: string) {
	const params = Object.fromEntries([...routeId.matchAll(/\[(\w+)\]/g)].map((m) => [m[1]!, m[1] === 'code' ? '63.02.01' : 'x']));
	const url = routeId.replace(/\[(\w+)\]/g, (_, k: string) => params[k]!) + '?region=63.02.01&w=63.02.01';
	return req(url, params);
}

describe('access policy', () => {
	it('covers every page and endpoint under src/routes', () => {
		const missing = routeIds().filter((id) => !(id in POLICY));
		expect(missing, `add these routes to POLICY in src/lib/server/auth/policy.ts`).toEqual([]);
	});

	it('refuses a route it does not list', () => {
		expect(decide('/nowhere', user('admin', 'ID'), req('/nowhere'))).toMatchObject({ allow: false, status: 404 });
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

	it('denies every region-bound route to every role scoped outside the requested region', () => {
		for (const routeId of routeIds().filter((id) => id in POLICY)) {
			const rule = POLICY[routeId]!;
			for (const role of ROLES) {
				const d = decide(routeId, user(role, '19.01'), kotabaruRequest(routeId));
				if (rule.kind === 'public') expect(d).toEqual({ allow: true, view: 'public' });
				else if (rule.kind === 'public-view') expect(d, `${role} ${routeId}`).toEqual({ allow: true, view: 'public' });
				else if (rule.kind === 'signed-in') expect(d.allow, `${role} ${routeId}`).toBe(rule.roles.includes(role));
				else expect(d.allow, `${role} ${routeId}`).toBe(false);
			}
		}
	});

	it('lets a signed-out visitor open only public routes and the public view of region pages', () => {
		for (const routeId of routeIds().filter((id) => id in POLICY)) {
			const d = decide(routeId, null, kotabaruRequest(routeId));
			const kind = POLICY[routeId]!.kind;
			expect(d.allow, routeId).toBe(kind === 'public' || kind === 'public-view');
			if (d.allow) expect(d.view).toBe('public');
		}
	});

	it('gives a Kotabaru planner the full view of its own villages and the workbench', () => {
		const planner = user('planner', '63.02');
		expect(decide('/wilayah/[code]', planner, req('/wilayah/63.02.01', { code: '63.02.01' }))).toEqual({ allow: true, view: 'full' });
		expect(decide('/perencanaan/[code]', planner, req('/perencanaan/63.02', { code: '63.02' }))).toEqual({ allow: true, view: 'full' });
		expect(decide('/api/v1/coverage', planner, req('/api/v1/coverage?region=63.02'))).toEqual({ allow: true, view: 'full' });
		expect(decide('/api/v1/coverage', planner, req('/api/v1/coverage'))).toMatchObject({ allow: false, reason: 'scope' });
	});

	it('keeps viewers away from the workbench and by-name lists, and non-admins away from admin pages', () => {
		const viewer = user('viewer', '63.02');
		expect(decide('/perencanaan/[code]', viewer, req('/perencanaan/63.02', { code: '63.02' }))).toMatchObject({ allow: false, reason: 'role' });
		expect(decide('/daftar/[code]', viewer, req('/daftar/63.02', { code: '63.02' }))).toMatchObject({ allow: false, reason: 'role' });
		for (const role of ROLES.filter((r) => r !== 'admin')) {
			expect(decide('/admin/audit', user(role, 'ID'), req('/admin/audit')).allow).toBe(false);
		}
	});

	it('lets a comparison cover only regions inside the scope', () => {
		const planner = user('planner', '63.02');
		expect(decide('/bandingkan', planner, req('/bandingkan?w=63.02.01,63.02.02')).allow).toBe(true);
		expect(decide('/bandingkan', planner, req('/bandingkan?w=63.02.01,64.02')).allow).toBe(false);
		expect(decide('/bandingkan', planner, req('/bandingkan')).allow).toBe(false);
	});
});
