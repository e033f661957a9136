import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, startServer, type RunningServer, type ServerOptions } from './harness';

/** A built server and a Chromium, started before the file's tests and closed after them. */
export function withServerAndBrowser(opts?: ServerOptions): { readonly server: RunningServer; readonly browser: Browser } {
	let server: RunningServer | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		server = await startServer(opts);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});
	return {
		get server() {
			if (!server) throw new Error('the server did not start');
			return server;
		},
		get browser() {
			if (!browser) throw new Error('Chromium did not start');
			return browser;
		}
	};
}
