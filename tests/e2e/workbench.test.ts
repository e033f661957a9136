import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from './harness';
import { signedInContext, signInCookie, startServerWithAccounts, type ServerWithAccounts } from './accounts';

const PLANNER = 'perencana.uji';
let server: ServerWithAccounts;
let browser: Browser;
let cookie: string;
beforeAll(async () => {
	server = await startServerWithAccounts([{ username: PLANNER, role: 'planner', scope: 'ID' }]);
	browser = await launchBrowser();
	cookie = await signInCookie(server.url, PLANNER);
});
const get = (pathAndQuery: string) => fetch(server.url + pathAndQuery, { headers: { cookie } });
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** A new signed-in page with its own browser context. */
async function plannerPage(viewport = { width: 1280, height: 900 }) {
	const context = await signedInContext(browser, server.url, PLANNER, { viewport });
	return { context, page: await context.newPage() };
}


const idNumber = (n: number) => new Intl.NumberFormat('id-ID').format(n);

it('shows Kotabaru coverage with the exclusion error the API reports, and keeps filters in the URL on a phone', async () => {
	const { context, page } = await plannerPage({ width: 360, height: 800 });
	const api = await (await get('/api/v1/coverage?region=63.02&program=KTB-PANGAN-2024')).json();
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
	const res = await get(xlsx!);
	expect(res.headers.get('content-type')).toContain('spreadsheetml');
	await context.close();
});

it('simulates the flat rule: 100 packages in each of the 202 Kotabaru villages', async () => {
	const { context, page } = await plannerPage();
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
	await context.close();
});

it('shows the Bangka funnel from 15,000 listed to 1,717 verified with reasons', async () => {
	const { context, page } = await plannerPage();
	await page.goto(`${server.url}/perencanaan/19.01?program=BGK-PAKET-2023`);
	const funnel = page.locator('section[aria-labelledby=funnel]');
	expect(await funnel.getByRole('row', { name: /Terdaftar\/diusulkan/ }).first().textContent()).toContain('15.000');
	expect(await funnel.getByRole('row', { name: /Terverifikasi/ }).textContent()).toContain('1.717');
	expect(await funnel.textContent()).toContain('kesejahteraan membaik');
	const csv = await funnel.getByRole('link', { name: 'Unduh CSV' }).first().getAttribute('href');
	const file = await (await get(csv!)).text();
	expect(file).toContain('Terverifikasi,1717');
	await context.close();
});

it('shows how many KRS families in Kutai Kartanegara got all five interventions, by village, on a phone', async () => {
	const { context, page } = await plannerPage({ width: 360, height: 800 });
	await page.goto(`${server.url}/perencanaan/64.02?program=KKR-KRS-PANGAN-2024&district=64.02.13`);
	expect(page.url()).toContain('district=64.02.13');
	const section = page.locator('section[aria-labelledby=convergence]');
	const all = await section.getByRole('row', { name: /5 dari 5 intervensi/ }).textContent();
	expect(all).toMatch(/\d/);
	const villages = section.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Per Desa/kelurahan' }) });
	const names = await villages.locator('tbody tr td:first-child').allTextContents();
	expect(names).toContain('Wonotirto');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await context.close();
});
