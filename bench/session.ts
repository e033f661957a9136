import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createAccount } from '../src/lib/server/auth/accounts';
import { SESSION_COOKIE, startSession } from '../src/lib/server/auth/sessions';
import { openStore } from '../src/lib/server/auth/store';

/**
 * A fresh state folder with one national admin and a live session, so the bench can call the
 * signed-in endpoints (values, series, coverage, allocation, overview) the way a browser does.
 * Returns the `cookie` header value; the server must run with TEPAT_STATE_DIR = `stateDir`.
 */
export async function benchSession(stateDir: string): Promise<string> {
	fs.rmSync(stateDir, { recursive: true, force: true });
	const store = openStore(path.join(stateDir, 'tepat.sqlite'));
	try {
		const user = await createAccount(store, { username: 'bench', password: randomBytes(18).toString('base64url'), role: 'admin', scope: 'ID' });
		return `${SESSION_COOKIE}=${await startSession(store, user.id, undefined)}`;
	} finally {
		await store.close();
	}
}
