import { readAudit, verifyAudit } from '$lib/server/auth/audit';
import { getStore } from '$lib/server/auth/store';

export async function load() {
	const store = getStore();
	return { entries: await readAudit(store, 500), chain: await verifyAudit(store) };
}
