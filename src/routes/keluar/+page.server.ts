import { redirect } from '@sveltejs/kit';
import { logOut } from '$lib/server/auth/login';
import { input } from '$lib/server/edge/input';

export function load(event) {
	input(event);
	redirect(303, '/');
}

export const actions = {
	default: async ({ cookies }) => {
		await logOut(cookies);
		redirect(303, '/');
	}
};
