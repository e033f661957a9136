/**
 * Calls a `+server.ts` handler in a server test the way the built app does: the request parsed and
 * decided at the edge (`admit`), `locals` set from that, and a Kit error the handler throws answered
 * as the API's JSON `{ error: { id, en, code } }`.
 */
import { isHttpError, json } from '@sveltejs/kit';
import type { Principal } from '../src/lib/server/auth/policy';
import { admit } from '../src/lib/server/edge/handle';
import { routeSpec, type RouteId } from '../src/lib/server/edge/routes';

/** An administrator for the whole country: every route answers with the full view. */
export const NATIONAL_ADMIN: Principal = { id: 0, username: 'uji', role: 'admin', scope: 'ID', agency: null };

const errorJson = (status: number, e: App.Error) => json({ error: { id: e.id, en: e.en, code: e.code } }, { status });

export async function callEndpoint(routeId: RouteId, handler: unknown, path: string, user: Principal | null = NATIONAL_ADMIN, headers?: HeadersInit): Promise<Response> {
	const url = new URL(path, 'http://x');
	const request = new Request(url, { headers });
	const admitted = await admit(routeSpec(routeId)!, user, { params: {}, url, request });
	if (!admitted.ok) return errorJson(admitted.status, admitted.error);
	const locals: App.Locals = { user, view: admitted.view, input: { route: routeId, value: admitted.input }, refusal: null };
	const event = { url, request, params: {}, route: { id: routeId }, locals, setHeaders: () => {} };
	try {
		return await (handler as (e: typeof event) => Promise<Response>)(event);
	} catch (err) {
		if (isHttpError(err)) return errorJson(err.status, err.body);
		throw err;
	}
}
