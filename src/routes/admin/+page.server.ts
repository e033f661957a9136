import { fail } from '@sveltejs/kit';
import { accountFields, listAccounts } from '$lib/server/auth/accounts';
import { addAccount, initialPassword, resetPassword, setDisabled, type Refused } from '$lib/server/auth/manage';
import { AGENCIES, ROLES } from '$lib/server/auth/policy';
import { getStore } from '$lib/server/auth/store';
import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { getRegion } from '$lib/server/regions/query';

export async function load(event) {
	input(event);
	const users = await listAccounts(getStore());
	const db = await getDatabase();
	const names = new Map(await Promise.all([...new Set(users.map((u) => u.scope))].map(async (c) => [c, (await getRegion(db, c))?.name ?? c] as const)));
	return { users: users.map((u) => ({ ...u, scopeName: names.get(u.scope)! })), roles: ROLES, agencies: AGENCIES };
}

type CreateProblem = 'username' | 'taken' | 'role' | 'agency' | 'scope';

const refused = (action: 'status' | 'reset', username: string, why: Refused) => fail(why === 'unknown' ? 404 : 400, { action, username, refused: why });

export const actions = {
	create: async (event) => {
		const form = input(event).form!;
		const values = { username: form.username, role: form.role ?? null, scope: form.scope.trim(), agency: form.agency ?? null };
		// Without JavaScript the agency list is always shown: it counts for agency officers only.
		const parsed = accountFields.safeParse({ ...values, agency: values.role === 'agency' ? values.agency : null });
		const problems = new Set<CreateProblem>(parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0]) as CreateProblem));
		if (!problems.has('scope') && !(await getRegion(await getDatabase(), values.scope))) problems.add('scope');
		if (!parsed.success || problems.size) return fail(400, { action: 'create' as const, values, problems: [...problems] });
		const created = initialPassword();
		const account = await addAccount(getStore(), event.locals.user!, parsed.data, created);
		if (account === 'taken') return fail(400, { action: 'create' as const, values, problems: ['taken' as const] });
		return { action: 'create' as const, username: account.username, password: created };
	},
	status: async (event) => {
		const { username, disabled } = input(event).form!;
		const result = await setDisabled(getStore(), event.locals.user!, username, disabled === '1');
		return result === 'ok' ? { action: 'status' as const, username, disabled: disabled === '1' } : refused('status', username, result);
	},
	reset: async (event) => {
		const { username } = input(event).form!;
		const result = await resetPassword(getStore(), event.locals.user!, username);
		return typeof result === 'string' ? refused('reset', username, result) : { action: 'reset' as const, username, password: result.password };
	}
};
