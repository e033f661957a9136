/**
 * Account administration from the command line; the first administrator is created here, since the
 * app ships no default password.
 *   npm run admin -- create --username budi --role planner --scope 63.02 [--agency dinsos]
 *   npm run admin -- list
 *   npm run admin -- verify-audit
 * The password is read from TEPAT_ADMIN_PASSWORD when set (scripts), otherwise from standard input:
 * on a terminal without echo and twice. The creation is written to the audit log, by `cli`.
 */
import { read } from 'read';
import { z } from 'zod';
import { accountFields, listAccounts, MIN_PASSWORD } from '../src/lib/server/auth/accounts';
import { verifyAudit } from '../src/lib/server/auth/audit';
import { addAccount } from '../src/lib/server/auth/manage';
import { getStore } from '../src/lib/server/auth/store';
import { commandLine, isFileError } from './cli';

const usage = 'usage: npm run admin -- create --username NAME [--role admin] [--scope ID] [--agency dinsos] | list | verify-audit';

const { values, positionals } = commandLine({
	allowPositionals: true,
	options: {
		username: { type: 'string' },
		role: { type: 'string', default: 'admin' },
		scope: { type: 'string', default: 'ID' },
		agency: { type: 'string' }
	}
}, usage);

/** npm's own `read` (maintained with the npm CLI) mutes the terminal while the password is typed. */
async function readPassword(): Promise<string> {
	if (process.env.TEPAT_ADMIN_PASSWORD) return process.env.TEPAT_ADMIN_PASSWORD;
	const ask = (prompt: string) => read({ prompt, silent: true, replace: '*', output: process.stderr });
	const first = await ask(`Password (at least ${MIN_PASSWORD} characters): `);
	// Piped input (a script) gives the password once; a person types it twice.
	if (process.stdin.isTTY && first !== (await ask('Password again: '))) throw new Error('the two passwords differ');
	return first;
}

const store = getStore();
const command = positionals[0];
try {
	if (command === 'create') {
		const fields = accountFields.parse({ username: values.username ?? '', role: values.role, scope: values.scope ?? 'ID', agency: values.agency ?? null });
		const user = await addAccount(store, { id: 0, username: 'cli' }, fields, await readPassword());
		if (user === 'taken') throw new Error(`username ${fields.username} is taken`);
		console.log(`Created ${user.role} ${user.username} (scope ${user.scope}${user.agency ? `, ${user.agency}` : ''})`);
	} else if (command === 'list') {
		for (const u of await listAccounts(store)) console.log([u.username, u.role, u.scope, u.agency ?? '', u.disabled ? 'disabled' : ''].join('\t'));
	} else if (command === 'verify-audit') {
		const r = await verifyAudit(store);
		console.log(r.ok ? `Audit log intact: ${r.entries} entries` : `Audit log BROKEN at entry ${r.brokenAt}`);
		if (!r.ok) process.exitCode = 1;
	} else {
		console.error(usage);
		process.exitCode = 2;
	}
} catch (err) {
	if (isFileError(err)) throw err;
	console.error(err instanceof z.ZodError ? err.issues.map((i) => i.message).join('; ') : err instanceof Error ? err.message : String(err));
	process.exitCode = 1;
} finally {
	await store.close();
}
