import { inSubtree } from '../../region-code';

/**
 * Who may open what. Each route's rule sits beside its request schema in `src/lib/server/edge/routes.ts`;
 * the edge (`edge/handle.ts`) parses the request, then asks `decide` with the parsed value, so the
 * regions checked here are the very values the handler will read.
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

export const ALL: readonly Role[] = ROLES;
/** Roles that work with programme and household-level questions (workbench, by-name lists). */
export const OPERATIONAL: readonly Role[] = ['admin', 'planner', 'agency', 'district', 'village'];
/** Who imports a filled field verification form, for their region: administrators and planners (the TKPK secretariat). */
export const VERVAL_IMPORTERS: readonly Role[] = ['admin', 'planner'];

/** The regions a request names, read from its parsed value; an empty list means the whole country. */
type RegionsOf<I> = (input: I) => readonly string[];

export type Rule<I = never> =
	/** Anyone, signed in or not; the route shows nothing beyond the public tables. */
	| { kind: 'public' }
	/** Anyone: signed-out visitors and users outside their scope get the public view of the same URL. */
	| { kind: 'public-view'; roles: readonly Role[]; regions: RegionsOf<I> }
	/** Signed-in users of the listed roles, and only for regions inside their scope. */
	| { kind: 'scoped'; roles: readonly Role[]; regions: RegionsOf<I> }
	/** Signed-in users of the listed roles, no region involved. */
	| { kind: 'signed-in'; roles: readonly Role[] }
	/** Signed-in users of the listed roles whose scope is the whole country (`ID`). */
	| { kind: 'national'; roles: readonly Role[] };

export const PUBLIC = { kind: 'public' } as const satisfies Rule;

/** Which programme owners an agency officer works for, matched on a programme's `agency` (owner) text. */
const AGENCY_OWNER: Record<Agency, RegExp> = {
	dinsos: /sosial/i,
	dinkes: /kesehatan/i,
	dp2kb: /DP2KB|keluarga berencana|BKKBN/i
};

/** Agency officers see their own agency's programmes only; every other role sees every programme in scope. */
export function seesProgramme(user: Principal, owner: string): boolean {
	return user.role !== 'agency' || (user.agency !== null && AGENCY_OWNER[user.agency].test(owner));
}

/** True when `code` lies in the subtree rooted at `scope` (Kemendagri codes nest by prefix). */
export function inScope(scope: string, code: string): boolean {
	return inSubtree(scope, code);
}

export type Refusal = 'sign-in' | 'role' | 'scope' | 'national';
export type Decision = { allow: true; view: 'full' | 'public' } | { allow: false; status: 401 | 403; reason: Refusal };

/** The access decision for one parsed request under `rule`. */
export function decide<I>(rule: Rule<I>, user: Principal | null, input: I): Decision {
	if (rule.kind === 'public') return { allow: true, view: 'public' };
	const roleOk = user !== null && rule.roles.includes(user.role);
	const regionsOk = (regions: RegionsOf<I>) => {
		const codes = regions(input);
		return user !== null && (codes.length > 0 ? codes : ['ID']).every((c) => inScope(user.scope, c));
	};
	if (rule.kind === 'public-view') return { allow: true, view: roleOk && regionsOk(rule.regions) ? 'full' : 'public' };
	if (!user) return { allow: false, status: 401, reason: 'sign-in' };
	if (!roleOk) return { allow: false, status: 403, reason: 'role' };
	if (rule.kind === 'scoped' && !regionsOk(rule.regions)) return { allow: false, status: 403, reason: 'scope' };
	if (rule.kind === 'national' && user.scope !== 'ID') return { allow: false, status: 403, reason: 'national' };
	return { allow: true, view: 'full' };
}
