import { fail, redirect } from '@sveltejs/kit';
import { logIn, safeReturnPath } from '$lib/server/auth/login';
import { input } from '$lib/server/edge/input';

export function load(event) {
	return { kembali: safeReturnPath(input(event).query.kembali ?? null), user: event.locals.user?.username ?? null };
}

export const actions = {
	default: async (event) => {
		const { request, cookies, getClientAddress } = event;
		const form = await request.formData();
		const result = await logIn(cookies, String(form.get('username') ?? ''), String(form.get('password') ?? ''), getClientAddress());
		if (result !== 'ok') return fail(result === 'limited' ? 429 : 400, { error: result, username: String(form.get('username') ?? '').slice(0, 40) });
		redirect(303, safeReturnPath(input(event).query.kembali ?? null));
	}
};
