import { redirect } from '@sveltejs/kit';
import { cookieName, cookieMaxAge, isLocale } from '$lib/paraglide/runtime';

/** Language switch that works without JavaScript: sets the locale cookie and returns to the page. */
export function GET({ url, cookies }) {
	const to = url.searchParams.get('ke') ?? '';
	const back = url.searchParams.get('kembali') ?? '/';
	if (isLocale(to)) cookies.set(cookieName, to, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax', secure: false });
	redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
}
