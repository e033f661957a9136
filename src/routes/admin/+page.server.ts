import { listAccounts } from '$lib/server/auth/accounts';
import { getStore } from '$lib/server/auth/store';

export function load() {
	return { users: listAccounts(getStore()) };
}
