import { fail, redirect } from '@sveltejs/kit';
import { logIn, safeReturnPath } from '$lib/server/auth/login';

export function load({ url, locals }) {
	return { kembali: safeReturnPath(url.searchParams.get('kembali')), user: locals.user?.username ?? null };
}

export const actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		const form = await request.formData();
		const result = await logIn(cookies, String(form.get('username') ?? ''), String(form.get('password') ?? ''), getClientAddress());
		if (result !== 'ok') return fail(result === 'limited' ? 429 : 400, { error: result, username: String(form.get('username') ?? '').slice(0, 40) });
		redirect(303, safeReturnPath(url.searchParams.get('kembali')));
	}
};
