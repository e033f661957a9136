import { error } from '@sveltejs/kit';
import type { InputOf, RouteId } from './routes';

/** What the edge keeps on `event.locals.input` for the route it parsed. */
export interface Parsed {
	route: string;
	value: { params: unknown; query: unknown; form: unknown };
}

/**
 * The request of route `R` as the edge parsed it (`event.route.id` names the route, so the type
 * follows): handlers and loads read their parameters here and nowhere else. When the edge refused a
 * page request, this throws that refusal, so a load that starts by reading its input loads nothing
 * and Kit renders `+error.svelte` in the site layout.
 */
export function input<R extends RouteId>(event: { route: { id: R }; locals: App.Locals; url: URL; params: Partial<Record<string, string>> }): InputOf<R> {
	// Kit reruns a load after a client-side navigation only for what the load read: the parsed value
	// comes from the query string and the route parameters, so read them here.
	void event.url.search;
	for (const key of Object.keys(event.params)) void event.params[key];
	const { refusal, input: parsed } = event.locals;
	if (refusal) error(refusal.status, refusal.body);
	if (parsed?.route !== event.route.id) throw new Error(`no parsed input for ${event.route.id}`);
	return parsed.value as InputOf<R>;
}
