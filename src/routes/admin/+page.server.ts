import { listAccounts } from '$lib/server/auth/accounts';
import { getStore } from '$lib/server/auth/store';
import { input } from '$lib/server/edge/input';

export async function load(event) {
	input(event);
	return { users: await listAccounts(getStore()) };
}
