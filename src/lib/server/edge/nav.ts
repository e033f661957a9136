import { decide, type Principal } from '../auth/policy';
import { parseWith } from './parse';
import { routeSpec, type RouteId } from './routes';
import type { NavId, Place } from '../../nav';

/** A link to a route of the table, with the values it fills in. */
interface Target {
	route: RouteId;
	params?: Record<string, string>;
	query?: Record<string, string>;
}

/**
 * True when `user` may open `target`: its route's schemas parse the link's values and its rule
 * decides, exactly as for the request the link will make. The menu and the region links ask here,
 * so who sees which link is the route table's word, never a second list.
 */
function mayOpen(user: Principal | null, target: Target): boolean {
	const spec = routeSpec(target.route);
	if (!spec) return false;
	const params = parseWith(spec.params, target.params ?? {});
	const query = parseWith(spec.query, target.query ?? {});
	return params.ok && query.ok && decide(spec.access, user, { params: params.value, query: query.value, form: null }).allow;
}

function hrefOf(t: Target): string {
	const path = t.route.replace(/\[(\w+)(?:=\w+)?\]/g, (_, key: string) => t.params?.[key] ?? '');
	const query = new URLSearchParams(t.query);
	return query.size ? `${path}?${query}` : path;
}

/** The first of `targets` that `user` may open, as a link; null when none. */
function firstOpen<I extends string>(id: I, user: Principal | null, targets: Target[]): { id: I; href: string } | null {
	const t = targets.find((t) => mayOpen(user, t));
	return t ? { id, href: hrefOf(t) } : null;
}

const VILLAGE = /^(\d{2}\.\d{2}\.\d{2})\.\d{4}$/;

/** Where a region's work is done; a village is drawn on its district's map, selected. */
const PLACES: Record<Place, (code: string) => Target[]> = {
	region: (code) => [{ route: '/wilayah/[code=region]', params: { code } }],
	map: (code) => {
		const district = VILLAGE.exec(code)?.[1];
		return [district ? { route: '/peta/[code=region]', params: { code: district }, query: { sel: code } } : { route: '/peta/[code=region]', params: { code } }];
	},
	brief: (code) => [{ route: '/ringkasan/[code=region]', params: { code } }],
	workbench: (code) => [{ route: '/perencanaan/[code=region]', params: { code } }],
	lists: (code) => [{ route: '/daftar/[code=list_region]', params: { code } }]
};

const REGION_PLACES: Place[] = ['map', 'brief', 'workbench', 'lists'];

/** The map, brief, workbench and lists of region `code` that `user` may open, in that order. */
export function regionPlaces(user: Principal | null, code: string): { id: Place; href: string }[] {
	return REGION_PLACES.map((id) => firstOpen(id, user, PLACES[id](code))).filter((l) => l !== null);
}

/**
 * The site menu: home, then for an account its own region (its scope) and that region's map, brief,
 * workbench and lists, and administration, each only when the account may open it; signed out, the
 * public data. The glossary is for everyone.
 */
export function navFor(user: Principal | null): { id: NavId; href: string }[] {
	const places: [NavId, Target[]][] = user
		? [
				...(['region', ...REGION_PLACES] as Place[]).map((id): [NavId, Target[]] => [id, PLACES[id](user.scope)]),
				['admin', [{ route: '/admin' }, { route: '/admin/import' }]]
			]
		: [['public', [{ route: '/publik' }]]];
	const items: [NavId, Target[]][] = [['home', [{ route: '/' }]], ...places, ['glossary', [{ route: '/istilah' }]]];
	return items.map(([id, targets]) => firstOpen(id, user, targets)).filter((l) => l !== null);
}
