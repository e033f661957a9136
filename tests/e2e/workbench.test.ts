import type { Browser, Locator } from 'playwright-core';
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

const KTB = '/perencanaan/63.02?program=KTB-PANGAN-2024';
/** Codes of a table's rows, in their order on the page. */
const rowCodes = (table: Locator) => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code ?? ''));
/** Data rows of a workbench CSV: the lines after its column header. */
const csvRows = (text: string) => {
	const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
	return lines.slice(lines.findIndex((l) => l.startsWith('Kode,')) + 1).map((l) => l.split(','));
};

it('opens on the villages with the largest unmet need, and gives every section its own URL, at most three screens tall at 1280×800, no table cut', async () => {
	const { context, page } = await plannerPage({ width: 1280, height: 800 });
	await page.goto(`${server.url}${KTB}`);
	const top = await (await get('/api/v1/coverage?region=63.02&program=KTB-PANGAN-2024&level=village&sort=exclusion&dir=desc&top=10')).json();
	const first = page.locator('main table').first();
	expect(await first.locator('caption').textContent()).toContain('Paket sembako');
	expect(await page.locator('main h2:not(.visually-hidden)').first().textContent()).toBe('10 desa dengan kebutuhan belum terpenuhi terbesar');
	expect(await rowCodes(first)).toEqual(top.rows.map((r: { code: string }) => r.code));

	const tabs = page.getByRole('navigation', { name: 'Bagian meja kerja' });
	const names = await tabs.getByRole('link').allTextContents();
	expect(names).toEqual(['Ringkasan', 'Cakupan', 'Galat sasaran', 'Alokasi paket', 'Daftar nama & verval', 'Corong & alasan keluar', 'Empat Tepat', 'Tumpang tindih & konvergensi', 'Register']);
	const heights: Record<string, number> = {};
	for (const [i, name] of names.entries()) {
		const link = tabs.getByRole('link', { name, exact: true });
		// Every other tab from the keyboard: the sections are links in the tab order.
		if (i % 2) {
			await link.focus();
			await page.keyboard.press('Enter');
		} else await link.click();
		await expect.poll(() => tabs.getByRole('link', { name, exact: true }).getAttribute('aria-current')).toBe('page');
		await page.waitForLoadState('networkidle');
		const size = await page.evaluate(() => ({
			height: document.documentElement.scrollHeight,
			cut: [...document.querySelectorAll('main .table-wrap')].filter((e) => e.scrollWidth > e.clientWidth + 1).length
		}));
		heights[name] = size.height;
		expect(size.cut, name).toBe(0);
	}
	// The Register section (open now) folds its Kepmensos criteria and e-PPGBM children tables: one click opens each, on the same page of 10 villages.
	for (const fold of ['Rumah tangga yang memenuhi kriteria Kepmensos 262/HUK/2022 per wilayah', 'Balita e-PPGBM yang terhubung ke register (NIK/KK) per wilayah']) {
		const table = page.getByRole('table', { name: fold });
		expect(await table.isVisible(), fold).toBe(false);
		await page.locator('main summary', { hasText: fold }).click();
		expect(await table.locator('tbody tr').count(), fold).toBe(10);
	}
	console.log('workbench section heights at 1280×800:', JSON.stringify(heights));
	for (const [name, height] of Object.entries(heights)) expect(height, name).toBeLessThanOrEqual(3 * 800);
	// Each section is a URL of its own: opening one directly shows it.
	await page.goto(`${server.url}${KTB}&section=funnel`);
	expect(await tabs.getByRole('link', { name: 'Corong & alasan keluar' }).getAttribute('aria-current')).toBe('page');
	await context.close();
});

it('pages and sorts the targeting-error table in the URL, 10 rows a page up to 50, with every row in the CSV', async () => {
	const { context, page } = await plannerPage({ width: 1280, height: 800 });
	const all = (await (await get('/api/v1/coverage?region=63.02&program=KTB-PANGAN-2024&sort=exclusion&dir=desc')).json()).rows.map((r: { code: string }) => r.code);
	await page.goto(`${server.url}${KTB}&section=errors`);
	const table = page.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Desa/kelurahan · 2024' }) });
	expect(await rowCodes(table)).toEqual(all.slice(0, 10));
	const pager = page.getByRole('navigation', { name: /^Halaman tabel/ });
	expect(await pager.textContent()).toContain('Baris 1–10 dari 202');
	await pager.getByRole('link', { name: 'Berikutnya ›' }).click();
	await expect.poll(() => page.url()).toContain('page=2');
	await expect.poll(() => rowCodes(table)).toEqual(all.slice(10, 20));
	await pager.getByRole('link', { name: '50', exact: true }).click();
	await expect.poll(() => rowCodes(table)).toEqual(all.slice(0, 50));
	expect(page.url()).toContain('rows=50');
	await table.getByRole('link', { name: 'Urutkan menurut Layak', exact: true }).click();
	await expect.poll(() => page.url()).toContain('sort=eligible');
	const byEligible = (await (await get('/api/v1/coverage?region=63.02&program=KTB-PANGAN-2024&sort=eligible&dir=desc')).json()).rows.map((r: { code: string }) => r.code);
	await expect.poll(() => rowCodes(table)).toEqual(byEligible.slice(0, 50));
	const csv = await (await get((await page.getByRole('link', { name: 'Unduh CSV' }).first().getAttribute('href'))!)).text();
	expect(csvRows(csv).map((r) => r[0])).toEqual(byEligible);
	await context.close();
});

it('puts the key figures first on a phone and folds the filters behind a button', async () => {
	const { context, page } = await plannerPage({ width: 360, height: 800 });
	await page.goto(`${server.url}${KTB}&section=errors`);
	const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
	const figures = await top('[data-testid=total-exclusion]');
	expect(figures).toBeLessThan(800);
	expect(figures).toBeLessThan(await top('nav.tabs'));
	expect(await top('nav.tabs')).toBeLessThan(await top('details.filters'));
	expect(await page.locator('#q').isVisible()).toBe(false);
	await page.getByText('Filter tabel', { exact: true }).click();
	expect(await page.locator('#q').isVisible()).toBe(true);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await context.close();
});

it('plans the next 100 packages where unmet need is largest, with the exclusion error before and after, a legend in whole packages and a plan that links each village list', async () => {
	const { context, page } = await plannerPage({ width: 1280, height: 800 });
	const before = (await (await get('/api/v1/coverage?region=63.02&program=KTB-PANGAN-2024')).json()).total;
	await page.goto(`${server.url}${KTB}`);
	await page.getByRole('link', { name: 'Alokasikan paket berikutnya →' }).click();
	await expect.poll(() => page.url()).toContain('section=allocation');
	expect(await page.getByLabel('Mode').inputValue()).toBe('next');
	expect(await page.getByLabel('Aturan pembagian').inputValue()).toBe('unmet');
	await page.getByLabel('Jumlah paket').fill('100');
	await page.getByRole('button', { name: 'Hitung alokasi' }).click();
	await expect.poll(() => page.url()).toContain('packages=100');
	const pct = (n: number) => new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format((100 * n) / before.eligible);
	expect(await page.getByTestId('alloc-exclusion').textContent()).toContain(
		`Galat eksklusi: ${idNumber(before.exclusion)} (${pct(before.exclusion)}%) → ${idNumber(before.exclusion - 100)} (${pct(before.exclusion - 100)}%)`
	);
	const table = page.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Desa menurut paket, terbanyak dulu' }) });
	const packages = (await table.locator('tbody tr td:nth-child(3)').allTextContents()).map(Number);
	expect(packages).toEqual([...packages].sort((a, b) => b - a));
	await paintedIn(page, '[data-testid=alloc-map]', 1);
	const legend = await page.getByTestId('alloc-map').getByRole('group', { name: 'Legenda' }).innerText();
	expect(legend).not.toMatch(/≤|>/);

	const plan = csvRows(await (await get((await page.getByRole('link', { name: 'Unduh rencana distribusi (CSV)' }).getAttribute('href'))!)).text());
	expect(plan.reduce((s, r) => s + Number(r[3]), 0)).toBe(100);
	const [code, , , given] = plan[0]!;
	expect(Number(given)).toBe(packages[0]);
	expect(plan[0]!.at(-1)).toBe(`${server.url}/daftar/${code}?program=KTB-PANGAN-2024`);
	await table.locator('tbody tr').first().getByRole('link', { name: 'Daftar nama' }).click();
	await expect.poll(() => page.url()).toBe(`${server.url}/daftar/${code}?program=KTB-PANGAN-2024`);
	expect(await page.getByLabel('Program').inputValue()).toBe('KTB-PANGAN-2024');
	await context.close();
});
