import { redirect } from '@sveltejs/kit';
import { logOut } from '$lib/server/auth/login';

export function load() {
	redirect(303, '/');
}

export const actions = {
	default: async ({ cookies }) => {
		await logOut(cookies);
		redirect(303, '/');
	}
};
