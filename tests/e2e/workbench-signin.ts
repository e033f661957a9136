/**
 * Sign-in for the workbench browser test: the workbench is for signed-in planners only, so the test
 * creates a planner account in a throw-away state folder (as `npm run admin -- create` would), starts
 * the built app on it and signs in through the real login form.
 *
 * The app is served over plain http here. adapter-node assumes https unless told otherwise, which
 * would make the login post look cross-site, so the server reads the protocol from
 * `x-forwarded-proto` (as behind a proxy) and the browser sends `http` in it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { openStore } from '../../src/lib/server/auth/store';
import { startServer, type RunningServer } from './harness';

const PLANNER = { username: 'perencana.uji', password: 'kata-sandi-uji-panjang-1' } as const;
const PROTOCOL = { 'x-forwarded-proto': 'http' } as const;

export interface PlannerServer extends RunningServer {
	/** A browser context signed in as a planner for all of Indonesia. */
	signedInContext(browser: Browser, viewport: { width: number; height: number }): Promise<BrowserContext>;
	/** A GET request with the session of the last signed-in context. */
	get(pathAndQuery: string): Promise<Response>;
}

export async function startPlannerServer(): Promise<PlannerServer> {
	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-wb-state-'));
	const store = openStore(path.join(stateDir, 'tepat.sqlite'));
	await createAccount(store, { ...PLANNER, role: 'planner', scope: 'ID' });
	store.close();
	const server = await startServer({ env: { TEPAT_STATE_DIR: stateDir, PROTOCOL_HEADER: 'x-forwarded-proto' } });
	let cookie = '';
	return {
		url: server.url,
		async stop() {
			await server.stop();
			fs.rmSync(stateDir, { recursive: true, force: true });
		},
		async signedInContext(browser, viewport) {
			const context = await browser.newContext({ viewport, extraHTTPHeaders: PROTOCOL });
			const page = await context.newPage();
			// Filling before hydration finishes loses the typed name (hydration resets the field's value).
			await page.goto(`${server.url}/masuk`, { waitUntil: 'networkidle' });
			await page.getByLabel('Nama pengguna').fill(PLANNER.username);
			await page.getByLabel('Kata sandi').fill(PLANNER.password);
			await page.getByRole('button', { name: 'Masuk' }).click();
			await page.waitForURL((u) => !u.pathname.startsWith('/masuk'));
			await page.close();
			cookie = (await context.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');
			return context;
		},
		get: (pathAndQuery) => fetch(server.url + pathAndQuery, { headers: { ...PROTOCOL, cookie } })
	};
}
