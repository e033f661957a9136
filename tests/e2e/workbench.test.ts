import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from './harness';
import { signedInContext, signInCookie, startServerWithAccounts, type ServerWithAccounts } from './accounts';
import { classShare, hex, hoverColoured, paintedIn } from './mappixels';
import { colourMap, paint } from '../../src/lib/map/values';

const PLANNER = 'perencana.uji';
let server: ServerWithAccounts;
let browser: Browser;
let cookie: string;
beforeAll(async () => {
	server = await startServerWithAccounts([
		{ username: PLANNER, role: 'planner', scope: 'ID' },
		{ username: 'dinkes.kukar', role: 'agency', agency: 'dinkes', scope: '64.02' }
	]);
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
	await page.goto(`${server.url}/perencanaan/63.02?program=KTB-PANGAN-2024&section=errors`);
	expect(await page.locator('h1').textContent()).toContain('Kotabaru');
	expect(await page.getByTestId('total-exclusion').textContent()).toContain(idNumber(api.total.exclusion));
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await page.waitForLoadState('networkidle');

	await page.getByText('Filter tabel', { exact: true }).click();
	await page.getByLabel('Kecamatan', { exact: true }).selectOption('63.02.01');
	await page.getByLabel('Cakupan maksimum (%)').fill('60');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect.poll(() => page.url()).toContain('district=63.02.01');
	expect(page.url()).toContain('max_cov=60');
	const coverage = page.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Desa/kelurahan · 2024' }) });
	const codes = await coverage.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code ?? ''));
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
	await page.goto(`${server.url}/perencanaan/63.02?program=KTB-PANGAN-2024&section=allocation`);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Mode').selectOption('total');
	await page.getByLabel('Aturan pembagian').selectOption('flat');
	await page.getByLabel('Jumlah paket').fill('20200');
	await page.getByRole('button', { name: 'Hitung alokasi' }).click();
	await expect.poll(() => page.url()).toContain('packages=20200');
	expect(await page.getByTestId('alloc-summary').textContent()).toContain('20.200 paket');
	const alloc = page.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Rata per desa' }) });
	const header = await alloc.locator('thead th').allTextContents();
	const col = header.indexOf('Alokasi (paket)') + 1;
	// One page of villages on screen, every village in the plan's CSV.
	const cells = await alloc.locator(`tbody tr td:nth-child(${col})`).allTextContents();
	expect(cells).toHaveLength(10);
	expect(new Set(cells)).toEqual(new Set(['100']));
	const plan = await (await get((await page.getByRole('link', { name: 'Unduh rencana distribusi (CSV)' }).getAttribute('href'))!)).text();
	const lines = plan.trim().split('\r\n');
	const rows = lines.slice(lines.findIndex((l) => l.startsWith('Kode,')) + 1).map((l) => l.split(','));
	expect(rows).toHaveLength(202);
	expect(new Set(rows.map((r) => r[3]))).toEqual(new Set(['100']));

	// One class on the map (every village 100 packages), and no change against the flat split: the neutral middle.
	await paintedIn(page, '[data-testid=alloc-map]', 1);
	await page.waitForLoadState('networkidle');
	const map = page.getByTestId('alloc-map').getByRole('region', { name: /Peta choropleth/ });
	// Kotabaru is mostly islands with sea between: probe where the map shows the class colour.
	const points = (await hoverColoured(page, map, [hex('#440154')])).filter((p) => p.code.startsWith('63.02.'));
	const all = (colour: string) => new Map(points.map((p) => [p.code, colour]));
	const one = await classShare(page, points, all('#440154'));
	expect(one.points).toBeGreaterThanOrEqual(10);
	expect(one.share).toBeGreaterThanOrEqual(0.8);
	const painted = Number(await page.getByTestId('alloc-map').locator('[data-painted]').getAttribute('data-painted'));
	await page.getByTestId('alloc-map').getByLabel('Angka pada peta').selectOption('change');
	await paintedIn(page, '[data-testid=alloc-map]', painted + 1);
	expect((await classShare(page, points, all('#f7f7f7'))).share).toBeGreaterThanOrEqual(0.8);
	await context.close();
});

/** Class colour of every Kotabaru village for one coverage figure, from the API's own rows. */
async function coverageColours(sort: string, direction: 'higher_is_worse' | 'higher_is_better'): Promise<Map<string, string>> {
	const api = (await (await get(`/api/v1/coverage?region=63.02&program=KTB-PANGAN-2024&sort=${sort}`)).json()) as { rows: Record<string, number | string | null>[] };
	const rows = api.rows.map((r) => ({ code: String(r.code), name: String(r.name), value: r[sort] as number | null }));
	expect(rows).toHaveLength(202);
	return colourMap(paint(rows, 'quantile', direction).colouring);
}

it('maps the figure the coverage table is sorted by, each village in its class colour, and a click on the map marks its row', async () => {
	const { context, page } = await plannerPage();
	await page.goto(`${server.url}/perencanaan/63.02?program=KTB-PANGAN-2024&section=errors`);
	const slot = page.getByTestId('map-slot');
	await paintedIn(page, '[data-testid=map-slot]', 1);
	await page.waitForLoadState('networkidle');
	expect(await slot.getByText('batas indikatif / indicative boundaries').count()).toBeGreaterThan(0);
	expect(await slot.getByLabel('Angka pada peta').inputValue()).toBe('exclusion');

	const map = slot.getByRole('region', { name: /Peta choropleth/ });
	const expected = await coverageColours('exclusion', 'higher_is_worse');
	const classColours = (m: Map<string, string>) => [...new Set(m.values())].map(hex);
	const points = (await hoverColoured(page, map, classColours(expected))).filter((p) => p.code.startsWith('63.02.'));
	const first = await classShare(page, points, expected);
	expect(first.points).toBeGreaterThanOrEqual(10);
	// A probe can land on a thin village edge; nearly all must show their village's class colour.
	expect(first.share).toBeGreaterThanOrEqual(0.8);

	const spot = points[0]!;
	await page.mouse.click(spot.x, spot.y);
	const row = page.locator(`section[aria-labelledby=coverage] tr[data-code="${spot.code}"]`);
	await expect.poll(() => row.getAttribute('class')).toContain('selected');

	await page.goto(`${server.url}/perencanaan/63.02?program=KTB-PANGAN-2024&section=coverage&sort=coverage_pct&dir=asc`);
	await paintedIn(page, '[data-testid=map-slot]', 1);
	await page.waitForLoadState('networkidle');
	expect(await slot.getByLabel('Angka pada peta').inputValue()).toBe('coverage_pct');
	const byCoverage = await coverageColours('coverage_pct', 'higher_is_better');
	const again = (await hoverColoured(page, map, classColours(byCoverage))).filter((p) => p.code.startsWith('63.02.'));
	expect((await classShare(page, again, byCoverage)).share).toBeGreaterThanOrEqual(0.8);
	expect(again.some((p) => expected.get(p.code) !== byCoverage.get(p.code))).toBe(true);
	await context.close();
});

it('shows the Bangka funnel from 15,000 listed to 1,717 verified with reasons', async () => {
	const { context, page } = await plannerPage();
	await page.goto(`${server.url}/perencanaan/19.01?program=BGK-PAKET-2023&section=funnel`);
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
	await page.goto(`${server.url}/perencanaan/64.02?program=KKR-KRS-PANGAN-2024&district=64.02.13&section=overlap&rows=50`);
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

it('keeps the filters and packages a planner typed before the page had hydrated', async () => {
	const { context, page } = await plannerPage({ width: 360, height: 800 });
	let release = () => {};
	const scripts = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**', async (route) => {
		await scripts;
		await route.continue();
	});
	await page.goto(`${server.url}/perencanaan/63.02?program=KTB-PANGAN-2024&section=errors`, { waitUntil: 'commit' });
	// The filters fold behind their summary, which opens from the keyboard as well before the scripts run.
	await page.getByText('Filter tabel', { exact: true }).press('Enter');
	await page.locator('#q').fill('Sebuku');
	await page.locator('#min_unmet').fill('5');
	release();
	await page.waitForLoadState('networkidle');
	expect(await page.locator('#q').inputValue()).toBe('Sebuku');
	expect(await page.locator('#min_unmet').inputValue()).toBe('5');

	let again = () => {};
	const later = new Promise<void>((resolve) => (again = resolve));
	await page.unroute('**/_app/immutable/**');
	await page.route('**/_app/immutable/**', async (route) => {
		await later;
		await route.continue();
	});
	await page.goto(`${server.url}/perencanaan/63.02?program=KTB-PANGAN-2024&section=allocation`, { waitUntil: 'commit' });
	await page.locator('#packages').fill('1234');
	again();
	await page.waitForLoadState('networkidle');
	expect(await page.locator('#packages').inputValue()).toBe('1234');
	await context.close();
});

it("offers a health-office officer only the health office's programmes, and answers another agency's with a 404", async () => {
	const dinkes = await signInCookie(server.url, 'dinkes.kukar');
	const html = await (await fetch(`${server.url}/perencanaan/64.02`, { headers: { cookie: dinkes } })).text();
	const offered = [...html.matchAll(/<option value="([A-Z0-9-]+)"/g)].map((m) => m[1]);
	expect(offered.sort()).toEqual(['KKR-KRS-KUNJUNGAN-2024', 'KKR-KRS-PANGAN-2024']);
	expect(html).not.toContain('KKR-SEMBAKO-2023');
	const other = await fetch(`${server.url}/perencanaan/64.02?program=KKR-SEMBAKO-2023`, { headers: { cookie: dinkes } });
	expect(other.status).toBe(404);
	expect(await other.text()).not.toMatch(/Sembako KPM|data-testid="total-exclusion"/);
	const profile = await (await fetch(`${server.url}/peta/64.02.13?sel=64.02.13.1008`, { headers: { cookie: dinkes } })).text();
	expect(profile).toContain('KKR-KRS-PANGAN-2024');
	expect(profile).not.toMatch(/KKR-SEMBAKO-2023|KKR-STUNTING-2024|PKH-2024/);
});
