import { readAudit, verifyAudit } from '$lib/server/auth/audit';
import { getStore } from '$lib/server/auth/store';
import { input } from '$lib/server/edge/input';

export async function load(event) {
	input(event);
	const store = getStore();
	return { entries: await readAudit(store, 500), chain: await verifyAudit(store) };
}
