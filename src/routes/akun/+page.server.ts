import { fail } from '@sveltejs/kit';
import { MIN_PASSWORD } from '$lib/server/auth/accounts';
import { changeOwnPassword } from '$lib/server/auth/manage';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { getStore } from '$lib/server/auth/store';
import { input } from '$lib/server/edge/input';

export function load(event) {
	input(event);
	return { minLength: MIN_PASSWORD };
}

export const actions = {
	default: async (event) => {
		const { form } = input(event);
		const user = event.locals.user!;
		const { current, password, again } = form!;
		if (password.length < MIN_PASSWORD) return fail(400, { error: 'short' as const });
		if (password !== again) return fail(400, { error: 'mismatch' as const });
		if (password === current) return fail(400, { error: 'same' as const });
		const keep = event.cookies.get(SESSION_COOKIE);
		const result = await changeOwnPassword(getStore(), user, { current, next: password, address: event.getClientAddress(), keep });
		if (result !== 'ok') return fail(result === 'limited' ? 429 : 400, { error: result });
		return { changed: true };
	}
};
