import { expect, it } from 'vitest';
import { serverAndBrowserFor, signedInContext } from './accounts';

const env = serverAndBrowserFor([{ username: 'pimpinan.uji', role: 'viewer', scope: 'ID' }]);

it('compares stunting in four regions from the URL, each against its own target, and drops a fifth', async () => {
	const server = env.server();
	const browser = env.browser();
	const context = await signedInContext(browser, server.url, 'pimpinan.uji', { viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	const res = await page.goto(server.url + '/bandingkan?w=64.02,63.02,19.01,ID,64&indicator=stunting_prevalence&date=2025-06-01');
	expect(res?.status()).toBe(200);
	const summary = page.locator('table.summary');
	await expect.poll(() => summary.locator('tbody tr').count()).toBe(4);
	const rows = await summary.locator('tbody tr').allTextContents();
	expect(rows[0]).toContain('Kutai Kartanegara');
	// Kutai Kartanegara's own (revised) target overrides RPJMN; Kotabaru inherits the national one.
	expect(rows[0]).toContain('Perbup Kutai Kartanegara');
	expect(rows[1]).toContain('Kotabaru');
	expect(rows[1]).toContain('RPJMN 2025–2029');
	expect(rows.join(' ')).not.toContain('Kalimantan Timur (64)');
	expect(page.url()).toContain('w=64.02,63.02,19.01,ID,64');
	expect(await page.locator('input#w').inputValue()).toBe('64.02,63.02,19.01,ID');
	await expect.poll(() => page.locator('section.card canvas').count()).toBeGreaterThanOrEqual(4);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	await page.getByRole('link', { name: 'Hapus Kabupaten Bangka dari perbandingan' }).click();
	await expect.poll(() => page.url()).toContain('w=64.02,63.02,ID&');
	await expect.poll(() => summary.locator('tbody tr').count()).toBe(3);
	await context.close();
});

it('keeps the region, indicator and date of the form in the URL', async () => {
	const server = env.server();
	const browser = env.browser();
	const context = await signedInContext(browser, server.url, 'pimpinan.uji', { viewport: { width: 1024, height: 800 } });
	const page = await context.newPage();
	await page.goto(server.url + '/bandingkan');
	// Hydration sets a select back to the server's option (only bound text fields keep what was typed): wait for it.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Kode wilayah, dipisah koma').fill('63.02,64.02');
	await page.getByLabel('Indikator').selectOption('extreme_poverty_rate');
	await page.getByLabel('Tanggal evaluasi').fill('2024-06-01');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect.poll(() => page.url()).toContain('indicator=extreme_poverty_rate');
	expect(page.url()).toContain('w=63.02%2C64.02');
	expect(page.url()).toContain('date=2024-06-01');
	// In mid-2024 the target in force is still Inpres 4/2022 (0% by 2024).
	const rows = await page.locator('table.summary tbody tr').allTextContents();
	expect(rows).toHaveLength(2);
	for (const r of rows) expect(r).toContain('Inpres 4/2022');
	await context.close();
});

it("keeps the codes and date a reader on a slow phone typed before the page's script ran", async () => {
	const server = env.server();
	const context = await signedInContext(env.browser(), server.url, 'pimpinan.uji', { viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	let release = () => {};
	const scripts = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**', async (route) => {
		await scripts;
		await route.continue();
	});
	await page.goto(server.url + '/bandingkan?w=64.02&date=2025-06-01', { waitUntil: 'commit' });
	const codes = page.getByLabel('Kode wilayah, dipisah koma');
	await codes.fill('63.02,19.01');
	await page.getByLabel('Tanggal evaluasi').fill('2024-06-01');
	release();
	// Every script loaded and run: the page has hydrated over the typed values.
	await page.waitForLoadState('networkidle');
	expect(await codes.inputValue()).toBe('63.02,19.01');
	expect(await page.getByLabel('Tanggal evaluasi').inputValue()).toBe('2024-06-01');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect.poll(() => page.url()).toContain('w=63.02%2C19.01');
	expect(page.url()).toContain('date=2024-06-01');
	await context.close();
});
