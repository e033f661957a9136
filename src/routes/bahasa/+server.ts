import { redirect } from '@sveltejs/kit';
import { cookieName, cookieMaxAge } from '$lib/paraglide/runtime';
import { safeReturnPath } from '$lib/server/auth/login';
import { input } from '$lib/server/edge/input';

/** Language switch that works without JavaScript: sets the locale cookie and returns to the page. */
export function GET(event) {
	const { ke, kembali } = input(event).query;
	if (ke) event.cookies.set(cookieName, ke, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax', secure: false });
	redirect(303, safeReturnPath(kembali ?? null));
}
