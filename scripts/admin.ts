/**
 * Account administration from the command line; the first administrator is created here, since the
 * app ships no default password.
 *   npm run admin -- create --username budi --role planner --scope 63.02 [--agency dinsos]
 *   npm run admin -- list
 *   npm run admin -- verify-audit
 * The password is read from TEPAT_ADMIN_PASSWORD when set, otherwise from standard input.
 */
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { createAccount, listAccounts } from '../src/lib/server/auth/accounts';
import { verifyAudit } from '../src/lib/server/auth/audit';
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

async function readPassword(): Promise<string> {
	if (process.env.TEPAT_ADMIN_PASSWORD) return process.env.TEPAT_ADMIN_PASSWORD;
	const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
	process.stderr.write('Password (at least 12 characters): ');
	const line = await rl.question('');
	rl.close();
	return line;
}

const store = getStore();
const command = positionals[0];
try {
	if (command === 'create') {
		const user = await createAccount(store, {
			username: values.username ?? '',
			password: await readPassword(),
			role: values.role as never,
			scope: values.scope ?? 'ID',
			agency: (values.agency ?? null) as never
		});
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
	console.error(err instanceof z.ZodError ? err.issues.map((i) => i.message).join('; ') : String(err));
	process.exitCode = 1;
} finally {
	await store.close();
}
