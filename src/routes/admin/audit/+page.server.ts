import { readAudit, verifyAudit } from '$lib/server/auth/audit';
import { getStore } from '$lib/server/auth/store';

export function load() {
	const store = getStore();
	return { entries: readAudit(store, 500), chain: verifyAudit(store) };
}
