import { expect, it } from 'vitest';
import { withServerAndBrowser } from './setup';

const env = withServerAndBrowser();

it('serves the home page in Indonesian with a heading on a phone screen', async () => {
	const page = await env.browser.newPage({ viewport: { width: 360, height: 740 } });
	const res = await page.goto(env.server.url + '/');
	expect(res?.status()).toBe(200);
	expect(await page.locator('html').getAttribute('lang')).toBe('id');
	expect(await page.locator('h1').count()).toBeGreaterThan(0);
	// On a phone the menu, with the sign-in link, folds behind its button.
	await page.getByRole('button', { name: 'Menu' }).click();
	expect(await page.getByRole('link', { name: 'Masuk', exact: true }).getAttribute('href')).toBe('/masuk?kembali=%2F');
	await page.close();
});
