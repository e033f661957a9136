import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';

let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

it('serves the home page in Indonesian with a heading on a phone screen', async () => {
	if (!server || !browser) throw new Error('setup failed');
	const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
	const res = await page.goto(server.url + '/');
	expect(res?.status()).toBe(200);
	expect(await page.locator('html').getAttribute('lang')).toBe('id');
	expect(await page.locator('h1').count()).toBeGreaterThan(0);
	// On a phone the menu, with the sign-in link, folds behind its button.
	await page.getByRole('button', { name: 'Menu' }).click();
	expect(await page.getByRole('link', { name: 'Masuk', exact: true }).getAttribute('href')).toBe('/masuk?kembali=%2F');
	await page.close();
});
