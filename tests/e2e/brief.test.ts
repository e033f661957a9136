import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedInPage, startServerWithAccounts, type ServerWithAccounts } from './accounts';
import { launchBrowser } from './harness';

let server: ServerWithAccounts | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
	// The workbench and the overview are for signed-in users inside their scope.
	server = await startServerWithAccounts([{ username: 'perencana', role: 'planner', scope: 'ID' }]);
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

it("shows Kutai Kartanegara's extreme-poverty target, status, break and a table view on a phone", async () => {
	if (!server || !browser) throw new Error('setup failed');
	const page = await signedInPage(browser, server.url, 'perencana', { viewport: { width: 360, height: 740 } });
	const res = await page.goto(server.url + '/ringkasan/64.02?tanggal=2025-06-01');
	expect(res?.status()).toBe(200);
	await expect.poll(() => page.locator('h1').textContent()).toContain('Kutai Kartanegara');
	const panel = page.locator('article', { hasText: 'Persentase kemiskinan ekstrem' });
	await expect.poll(() => panel.textContent()).toContain('Inpres 8/2025');
	expect(await panel.textContent()).toContain('Menggantikan Inpres 4/2022');
	expect(await panel.locator('.status').textContent()).toContain('Berisiko');
	expect(await panel.textContent()).toContain('Patahan seri 2024');
	await panel.locator('canvas').first().waitFor();
	await panel.getByRole('button', { name: 'Tampilkan tabel' }).click();
	const table = panel.locator('table');
	expect(await table.locator('tbody tr').count()).toBe(6);
	expect(await table.textContent()).toContain('PPP 2017');
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(360);
	await page.close();
});

it('prints the brief on a single A4 page', async () => {
	if (!server || !browser) throw new Error('setup failed');
	const page = await signedInPage(browser, server.url, 'perencana', { viewport: { width: 794, height: 1123 } });
	await page.goto(server.url + '/ringkasan/64.02?tanggal=2025-06-01&cetak=1');
	await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 4);
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
	expect(pages.length).toBe(1);
	await page.close();
});
