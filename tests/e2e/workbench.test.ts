import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedInPage, signInCookie, startServerWithAccounts, type ServerWithAccounts } from './accounts';
import { launchBrowser } from './harness';

let server: ServerWithAccounts;
let browser: Browser;
beforeAll(async () => {
	// The workbench and the overview are for signed-in users inside their scope.
	server = await startServerWithAccounts([{ username: 'perencana', role: 'planner', scope: 'ID' }]);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const idNumber = (n: number) => new Intl.NumberFormat('id-ID').format(n);

it('shows Kotabaru coverage with the exclusion error the API reports, and keeps filters in the URL on a phone', async () => {
	const api = await (await fetch(`${server.url}/api/v1/coverage?region=63.02&program=KTB-PANGAN-2024`, { headers: { cookie: await signInCookie(server.url, 'perencana') } })).json();
	const page = await signedInPage(browser, server.url, 'perencana', { viewport: { width: 360, height: 800 } });
	await page.goto(`${server.url}/perencanaan/63.02?program=KTB-PANGAN-2024`);
	expect(await page.locator('h1').textContent()).toContain('Kotabaru');
	expect(await page.getByTestId('total-exclusion').textContent()).toContain(idNumber(api.total.exclusion));
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await page.waitForLoadState('networkidle');

	await page.getByLabel('Kecamatan', { exact: true }).selectOption('63.02.01');
	await page.getByLabel('Cakupan maksimum (%)').fill('60');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect.poll(() => page.url()).toContain('district=63.02.01');
	expect(page.url()).toContain('max_cov=60');
	const coverage = page.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Desa/kelurahan · 2024' }) });
	const codes = await coverage.locator('tbody tr td:first-child').allTextContents();
	expect(codes.length).toBeGreaterThan(0);
	expect(codes.every((c) => c.startsWith('63.02.01.'))).toBe(true);

	const xlsx = await page.getByRole('link', { name: 'Unduh XLSX' }).first().getAttribute('href');
	expect(xlsx).toContain('district=63.02.01');
	const res = await fetch(server.url + xlsx, { headers: { cookie: await signInCookie(server.url, 'perencana') } });
	expect(res.headers.get('content-type')).toContain('spreadsheetml');
	await page.close();
});

it('simulates the flat rule: 100 packages in each of the 202 Kotabaru villages', async () => {
	const page = await signedInPage(browser, server.url, 'perencana', { viewport: { width: 1280, height: 900 } });
	await page.goto(`${server.url}/perencanaan/63.02?program=KTB-PANGAN-2024`);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Aturan pembagian').selectOption('flat');
	await page.getByLabel('Jumlah paket').fill('20200');
	await page.getByRole('button', { name: 'Hitung alokasi' }).click();
	await expect.poll(() => page.url()).toContain('packages=20200');
	expect(await page.getByTestId('alloc-summary').textContent()).toContain('20.200 paket');
	const alloc = page.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Rata per desa' }) });
	const header = await alloc.locator('thead th').allTextContents();
	const col = header.indexOf('Alokasi (paket)') + 1;
	const cells = await alloc.locator(`tbody tr td:nth-child(${col})`).allTextContents();
	expect(cells).toHaveLength(202);
	expect(new Set(cells)).toEqual(new Set(['100']));
	await page.close();
});

it('shows the Bangka funnel from 15,000 listed to 1,717 verified with reasons', async () => {
	const page = await signedInPage(browser, server.url, 'perencana');
	await page.goto(`${server.url}/perencanaan/19.01?program=BGK-PAKET-2023`);
	const funnel = page.locator('section[aria-labelledby=funnel]');
	expect(await funnel.getByRole('row', { name: /Terdaftar\/diusulkan/ }).first().textContent()).toContain('15.000');
	expect(await funnel.getByRole('row', { name: /Terverifikasi/ }).textContent()).toContain('1.717');
	expect(await funnel.textContent()).toContain('kesejahteraan membaik');
	await page.close();
});
