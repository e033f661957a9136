import { randomBytes } from 'node:crypto';
import { json, redirect, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { decide, type Principal, type Refusal } from '../auth/policy';
import { readSession, SESSION_COOKIE } from '../auth/sessions';
import { getStore } from '../auth/store';
import { bilingual } from '../errors';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import type { Parsed } from './input';
import { parseWith, singleValues } from './parse';
import { renamedUrl, routeSpec, type Route } from './routes';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'same-origin',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
	'strict-transport-security': 'max-age=31536000'
};

const NOT_FOUND = bilingual(both(m.error_not_found), 'not-found');

const REFUSALS: Record<Refusal, App.Error> = {
	'sign-in': bilingual(both(m.error_sign_in), 'sign-in'),
	role: bilingual(both(m.error_role), 'role'),
	scope: bilingual(both(m.error_scope), 'scope'),
	national: bilingual(both(m.error_national), 'national')
};

type Admission = { ok: true; input: Parsed['value']; view: 'full' | 'public' } | { ok: false; status: number; error: App.Error };

/** Kit's form action of a POST to a page: the `?/name` key, or `default`; null when the query names more than one. */
function actionName(url: URL): string | null {
	const names = [...url.searchParams.keys()].filter((k) => k.startsWith('/'));
	return names.length > 1 ? null : (names[0]?.slice(1) ?? 'default');
}

/**
 * Parses one request of `route` (route parameters, query string, and the form body when the route
 * declares one) and decides access from that parsed value alone. The form body is consumed here:
 * the handler reads the parsed form, never the request again.
 */
export async function admit(route: Route, user: Principal | null, req: { params: Record<string, string>; url: URL; request: Request }): Promise<Admission> {
	const params = parseWith(route.params, req.params);
	if (!params.ok) return { ok: false, status: 404, error: NOT_FOUND };
	const action = route.kind === 'page' && req.request.method === 'POST' ? actionName(req.url) : undefined;
	if (action === null) return { ok: false, status: 400, error: bilingual(both(m.error_form_one_action)) };
	const values = singleValues([...req.url.searchParams].filter(([k]) => action === undefined || !k.startsWith('/')));
	const query = values.ok ? parseWith(route.query, values.value) : values;
	if (!query.ok) return { ok: false, status: 400, error: query.error };
	let form: unknown = null;
	if (route.form && req.request.method === 'POST') {
		const body = await req.request.formData().catch(() => null);
		if (!body) return { ok: false, status: 400, error: bilingual(both(m.error_form_unreadable)) };
		const fields = singleValues(body);
		const parsed = fields.ok ? parseWith(route.form, fields.value) : fields;
		if (!parsed.ok) return { ok: false, status: 400, error: parsed.error };
		form = parsed.value;
	}
	const input = { params: params.value, query: query.value, form };
	const rules = action === undefined ? [route.access] : [route.access, route.actions[action]];
	let view: 'full' | 'public' = 'full';
	for (const rule of rules) {
		if (!rule) return { ok: false, status: 404, error: bilingual(both(m.error_form_unknown_action), 'not-found') };
		const decision = decide(rule, user, input);
		if (!decision.allow) return { ok: false, status: decision.status, error: REFUSALS[decision.reason] };
		if (decision.view === 'public') view = 'public';
	}
	return { ok: true, input, view };
}

/** An endpoint's refusal: JSON, the same shape as every API error. */
const refuseEndpoint = (status: number, error: App.Error) => json({ error: { id: error.id, en: error.en, code: error.code } }, { status });

/**
 * A page's refusal renders `+error.svelte` inside the site layout: the page's load throws it before
 * loading anything (`input()`). An action is never run: an enhanced form gets Kit's action error,
 * a plain form post is answered as the page itself (GET), which the load refuses.
 */
function refusePage(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve'], status: number, error: App.Error) {
	event.locals.refusal = { status, body: error };
	if (SAFE_METHODS.has(event.request.method)) return resolve(event);
	if (event.request.headers.get('x-sveltekit-action') === 'true') return json({ type: 'error', error }, { status });
	event.request = new Request(event.url, { method: 'GET', headers: event.request.headers });
	return resolve(event);
}

/**
 * An endpoint's errors are JSON `{ error: { id, en, code } }` whatever the client accepts: Kit is asked
 * for JSON (it answers a browser's Accept with an HTML page otherwise) and its error body renamed.
 */
async function answerEndpoint(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
	event.request.headers.set('accept', 'application/json');
	const response = await resolve(event);
	if (response.status < 400 || !response.headers.get('content-type')?.startsWith('application/json')) return response;
	const body = (await response.json()) as App.Error;
	const headers = new Headers(response.headers);
	headers.delete('content-length');
	return new Response(JSON.stringify({ error: { id: body.id, en: body.en, code: body.code, ...(body.ref ? { ref: body.ref } : {}) } }), { status: response.status, headers });
}

/**
 * The edge every request passes: Origin check for state-changing methods (JSON included), session
 * lookup, one parse of the request against its route's schema, the access decision on that parsed
 * value, then security headers on the answer.
 */
export const edgeHandle: Handle = async ({ event, resolve }) => {
	Object.assign(event.locals, { user: null, view: 'public', input: null, refusal: null });
	const route = event.route.id === null ? null : routeSpec(event.route.id);
	const endpoint = route ? route.kind === 'endpoint' : event.url.pathname.startsWith('/api/');
	const respond = async (): Promise<Response> => {
		if (!SAFE_METHODS.has(event.request.method) && event.request.headers.get('origin') !== event.url.origin) {
			const error = bilingual(both(m.error_cross_site), 'cross-site');
			return endpoint ? refuseEndpoint(403, error) : refusePage(event, resolve, 403, error);
		}
		const user = await readSession(getStore(), event.cookies.get(SESSION_COOKIE));
		event.locals.user = user;
		if (event.route.id === null) return endpoint ? refuseEndpoint(404, NOT_FOUND) : resolve(event);
		if (!route) return endpoint ? refuseEndpoint(404, NOT_FOUND) : refusePage(event, resolve, 404, NOT_FOUND);
		const renamed = event.request.method === 'GET' && !event.isDataRequest ? renamedUrl(route, event.url) : null;
		if (renamed) redirect(308, renamed);
		const admission = await admit(route, user, { params: event.params, url: event.url, request: event.request });
		if (!admission.ok) {
			// A browser that follows a link (a page, a download) is sent to sign in; the API answers 401.
			if (admission.status === 401 && !event.url.pathname.startsWith('/api/') && event.request.method === 'GET') {
				redirect(303, `/masuk?kembali=${encodeURIComponent(event.url.pathname + event.url.search)}`);
			}
			return endpoint ? refuseEndpoint(admission.status, admission.error) : refusePage(event, resolve, admission.status, admission.error);
		}
		event.locals.input = { route: event.route.id, value: admission.input };
		event.locals.view = admission.view;
		return endpoint ? answerEndpoint(event, resolve) : resolve(event);
	};
	const response = await respond();
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) response.headers.set(k, v);
	if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
	return response;
};

/** Digit runs long enough to be a NIK, KK or phone number are masked in the log. */
const redact = (s: string) => s.replace(/\d{8,}/g, '[angka]');

/**
 * Errors nobody threw on purpose (Kit's own, like a method not allowed, and bugs). A bug is logged
 * under a short reference with the route id, never the URL or its query values, and with long digit
 * runs masked, so no NIK or name from a request or a row reaches the log; the visitor gets the
 * reference and a message in both languages. Kit's own 4xx keep their status, with a bilingual text.
 */
export const edgeHandleError: HandleServerError = ({ error, event, status }) => {
	if (status === 404) return bilingual(both(m.error_not_found), 'not-found');
	if (status < 500) return bilingual(both(m.error_http, { status }));
	const ref = randomBytes(4).toString('hex');
	const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
	console.error(`[tepat ${ref}] ${event.request.method} ${event.route.id ?? '(no route)'} → ${status}\n${redact(detail)}`);
	return { ...bilingual(both(m.error_internal, { ref }), 'internal'), ref };
};
