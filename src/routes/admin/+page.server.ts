import { listAccounts } from '$lib/server/auth/accounts';
import { getStore } from '$lib/server/auth/store';

export async function load() {
	return { users: await listAccounts(getStore()) };
}
