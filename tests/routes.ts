import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeSpec } from '../src/lib/server/edge/routes';

const ROUTES_DIR = fileURLToPath(new URL('../src/routes', import.meta.url));
const ROUTE_FILE = /^\+(page\.svelte|page\.server\.ts|page\.ts|server\.ts)$/;

/** Every route id under src/routes, as SvelteKit names them (`/wilayah/[code=region]`), for the access tests. */
export function routeIds(dir = ROUTES_DIR): string[] {
	const ids: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) ids.push(...routeIds(full));
		else if (ROUTE_FILE.test(entry.name)) ids.push('/' + path.relative(ROUTES_DIR, dir).split(path.sep).filter(Boolean).join('/'));
	}
	return [...new Set(ids)].sort();
}

const names = (schema: unknown) => Object.keys((schema as { shape?: Record<string, unknown> } | null)?.shape ?? {});

/** What the route table says a route reads (every query and form schema is a strict object); null for a route it does not list. */
export function declared(routeId: string): { kind: 'page' | 'endpoint'; query: string[]; form: string[] } | null {
	const route = routeSpec(routeId);
	return route && { kind: route.kind, query: names(route.query), form: names(route.form) };
}

/** The query parameters a route's schema takes. */
export function queryNames(routeId: string): string[] {
	return declared(routeId)?.query ?? [];
}
