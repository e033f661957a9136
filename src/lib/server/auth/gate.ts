import { json, redirect, type Handle } from '@sveltejs/kit';
import { decide } from './policy';
import { readSession, SESSION_COOKIE } from './sessions';
import { getStore } from './store';

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

function refuse(status: number, api: boolean, id: string, en: string): Response {
	if (api) return json({ error: { id, en } }, { status });
	return new Response(`${id}\n${en}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * The one gate every request passes: Origin check for state-changing methods (JSON included),
 * session lookup, the policy decision for the matched route, then security headers on the answer.
 */
export const authHandle: Handle = async ({ event, resolve }) => {
	const api = event.url.pathname.startsWith('/api/');
	if (!SAFE_METHODS.has(event.request.method) && event.request.headers.get('origin') !== event.url.origin) {
		return refuse(403, api, 'Permintaan lintas situs ditolak.', 'Cross-site request refused (Origin check).');
	}
	const user = await readSession(getStore(), event.cookies.get(SESSION_COOKIE));
	const decision = decide(event.route.id, user, { params: event.params, url: event.url });
	if (!decision.allow) {
		if (decision.status === 401 && !api && event.request.method === 'GET') {
			redirect(303, `/masuk?kembali=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		}
		if (decision.status === 401) return refuse(401, api, 'Silakan masuk terlebih dahulu.', 'Please sign in first.');
		if (decision.status === 404) return refuse(404, api, 'Halaman tidak ditemukan.', 'Not found.');
		return refuse(403, api, 'Akun Anda tidak berhak membuka ini.', 'Your account may not open this.');
	}
	event.locals.user = user;
	event.locals.view = decision.view;
	const response = await resolve(event);
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) response.headers.set(k, v);
	if (user) response.headers.set('cache-control', 'private, no-store');
	return response;
};
