/**
 * The brief and comparison pages are signed-in only: these tests start the built app with a fresh
 * state folder holding one viewer account and sign in through the login form, as a person would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { openStore } from '../../src/lib/server/auth/store';
import { startServer, type RunningServer } from './harness';

const USERNAME = 'pimpinan.uji';
const PASSWORD = 'ringkasan-uji-0123';

export interface LeaderServer extends RunningServer {
	stateDir: string;
}

/** The built app with a national-scope viewer account, as a regent's staff would have. */
export async function startServerWithViewer(): Promise<LeaderServer> {
	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-leaders-'));
	const store = openStore(path.join(stateDir, 'tepat.sqlite'));
	try {
		await createAccount(store, { username: USERNAME, password: PASSWORD, role: 'viewer', scope: 'ID' });
	} finally {
		store.close();
	}
	// The port is chosen inside startServer, so ORIGIN cannot be set; the scheme header lets SvelteKit's
	// form CSRF check see http://127.0.0.1:<port> as the app's own origin.
	const server = await startServer({ env: { TEPAT_STATE_DIR: stateDir, PROTOCOL_HEADER: 'x-forwarded-proto' } });
	return {
		...server,
		stateDir,
		stop: async () => {
			await server.stop();
			fs.rmSync(stateDir, { recursive: true, force: true });
		}
	};
}

/** A browser context signed in through /masuk; pages opened from it carry the session cookie. */
export async function signedInContext(browser: Browser, server: RunningServer, viewport: { width: number; height: number }): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport, extraHTTPHeaders: { 'x-forwarded-proto': 'http' } });
	const page = await context.newPage();
	await page.goto(server.url + '/masuk?kembali=/cari');
	await page.locator('input[name="username"]').fill(USERNAME);
	await page.locator('input[name="password"]').fill(PASSWORD);
	await Promise.all([page.waitForURL((u) => u.pathname === '/cari', { waitUntil: 'commit' }), page.locator('form.login button[type="submit"]').click()]);
	await page.close();
	return context;
}
