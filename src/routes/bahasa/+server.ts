import { redirect } from '@sveltejs/kit';
import { cookieName, cookieMaxAge, isLocale } from '$lib/paraglide/runtime';
import { safeReturnPath } from '$lib/server/auth/login';

/** Language switch that works without JavaScript: sets the locale cookie and returns to the page. */
export function GET({ url, cookies }) {
	const to = url.searchParams.get('ke') ?? '';
	if (isLocale(to)) cookies.set(cookieName, to, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax', secure: false });
	redirect(303, safeReturnPath(url.searchParams.get('kembali')));
}
