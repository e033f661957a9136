/**
 * Accounts for browser and HTTP tests. Each server gets its own state folder (accounts, sessions,
 * login attempts, audit log), so tests never share sessions or rate-limit counters:
 *
 *   const server = await startServerWithAccounts([{ username: 'rina', role: 'planner', scope: '63.02' }]);
 *   await signIn(page, server.url, 'rina');              // browser: fills in /masuk
 *   const cookie = await signInCookie(server.url, 'rina'); // fetch: `headers: { cookie }`
 *   const page = await signedInPage(browser, server.url, 'rina', { viewport: { width: 360, height: 800 } });
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { createAccount } from '../../src/lib/server/auth/accounts';
import type { Agency, Role } from '../../src/lib/server/auth/policy';
import { openStore } from '../../src/lib/server/auth/store';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, startServer, type RunningServer, type ServerOptions } from './harness';

export interface TestAccount {
	username: string;
	role: Role;
	/** Kemendagri code of the region subtree; `ID` for the whole country. */
	scope: string;
	agency?: Agency;
}

/** Every test account has this password (long enough for the 12-character rule). */
export const TEST_PASSWORD = 'uji-kata-sandi-panjang';

/** A fresh state folder holding these accounts; pass it as `TEPAT_STATE_DIR`. */
export async function makeStateDir(accounts: readonly TestAccount[]): Promise<string> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-state-'));
	const store = openStore(path.join(dir, 'tepat.sqlite'));
	try {
		for (const a of accounts) await createAccount(store, { ...a, password: TEST_PASSWORD, agency: a.agency ?? null });
	} finally {
		await store.close();
	}
	return dir;
}

export type ServerWithAccounts = RunningServer & { stateDir: string };

/** `startServer` with its own state folder holding `accounts`; `stop()` also removes the folder. */
export async function startServerWithAccounts(accounts: readonly TestAccount[], opts: ServerOptions = {}): Promise<ServerWithAccounts> {
	const stateDir = await makeStateDir(accounts);
	const server = await startServer({ ...opts, env: { ...opts.env, TEPAT_STATE_DIR: stateDir } });
	return {
		...server,
		stateDir,
		stop: async () => {
			await server.stop();
			fs.rmSync(stateDir, { recursive: true, force: true });
		}
	};
}

/**
 * For one test file: a server holding `accounts` and a Chromium, started before its tests and
 * stopped after them. The getters throw when the setup failed, so a test never runs half set up.
 */
export function serverAndBrowserFor(accounts: readonly TestAccount[]): { server: () => ServerWithAccounts; browser: () => Browser } {
	let server: ServerWithAccounts | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		server = await startServerWithAccounts(accounts);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});
	const setup = <T>(value: T | undefined): T => {
		if (!value) throw new Error('setup failed');
		return value;
	};
	return { server: () => setup(server), browser: () => setup(browser) };
}

/** Signs the page's browser context in through the sign-in form and waits for the redirect back. */
export async function signIn(page: Page, baseUrl: string, username: string, password = TEST_PASSWORD): Promise<void> {
	await page.goto(`${baseUrl}/masuk?kembali=/`);
	await page.getByLabel(/Nama pengguna|Username/).fill(username);
	await page.getByLabel(/Kata sandi|Password/).fill(password);
	await Promise.all([page.waitForURL(`${baseUrl}/`, { waitUntil: 'commit' }), page.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click()]);
}

/** Signs in over HTTP and returns the `cookie` header value to send with `fetch`. */
export async function signInCookie(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<string> {
	const res = await fetch(`${baseUrl}/masuk`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: baseUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password })
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-tepat_session='));
	if (res.status !== 303 || !cookie) throw new Error(`sign-in as ${username} failed: HTTP ${res.status}`);
	return cookie.split(';')[0]!;
}

/** A new browser context (with `options` such as the viewport) whose pages carry `username`'s session. */
export async function signedInContext(browser: Browser, baseUrl: string, username: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
	const context = await browser.newContext(options);
	await signIn(await context.newPage(), baseUrl, username);
	return context;
}

/** A new page in its own signed-in context. */
export async function signedInPage(browser: Browser, baseUrl: string, username: string, options: BrowserContextOptions = {}): Promise<Page> {
	return (await signedInContext(browser, baseUrl, username, options)).newPage();
}

export interface SignInTry {
	/** Server URL the form is posted to. */
	base: string;
	username: string;
	password: string;
	/** Client address, sent as X-Forwarded-For to a server started with `ADDRESS_HEADER: 'x-forwarded-for'`. */
	address?: string;
}

/**
 * Posts the sign-in forms all at once. The server counts an attempt before it checks the password,
 * so every answer but 429 (refused before the check) is a password that was checked: 400 wrong, 303 right.
 */
export async function signInBurst(tries: readonly SignInTry[]): Promise<{ statuses: number[]; checked: number }> {
	const statuses = await Promise.all(
		tries.map(async ({ base, username, password, address }) => {
			const res = await fetch(`${base}/masuk`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(address ? { 'x-forwarded-for': address } : {}) },
				body: new URLSearchParams({ username, password })
			});
			await res.arrayBuffer();
			return res.status;
		})
	);
	return { statuses, checked: statuses.filter((s) => s !== 429).length };
}
