import { expect, it } from 'vitest';
import { serverAndBrowserFor, signedInContext } from './accounts';

const env = serverAndBrowserFor([{ username: 'pimpinan.uji', role: 'viewer', scope: 'ID' }]);

it('sends a visitor who is not signed in to the login page', async () => {
	const server = env.server();
	const res = await fetch(server.url + '/ringkasan/64.02', { redirect: 'manual' });
	expect(res.status).toBe(303);
	expect(res.headers.get('location')).toContain('/masuk');
});

it("shows Kutai Kartanegara's extreme-poverty target, status, break and a table view on a phone", async () => {
	const server = env.server();
	const browser = env.browser();
	const context = await signedInContext(browser, server.url, 'pimpinan.uji', { viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	const res = await page.goto(server.url + '/ringkasan/64.02?date=2025-06-01');
	expect(res?.status()).toBe(200);
	await expect.poll(() => page.locator('h1').textContent()).toContain('Kutai Kartanegara');
	const panel = page.locator('article', { hasText: 'Persentase kemiskinan ekstrem' });
	await expect.poll(() => panel.textContent()).toContain('Inpres 8/2025');
	expect(await panel.textContent()).toContain('Menggantikan Inpres 4/2022');
	// Replaced is not the whole story: the 2024 goal was missed, and the 2024 figure is given at BPS's precision.
	expect(await panel.locator('.outcome').textContent()).toBe('Target 2024 0% (Inpres 4/2022): tidak tercapai — 1,90%');
	expect(await panel.locator('.status').textContent()).toContain('Berisiko');
	expect(await panel.textContent()).toContain('Patahan seri 2024');
	await panel.locator('canvas').first().waitFor();
	await panel.getByRole('button', { name: 'Tampilkan tabel' }).click();
	const table = panel.locator('table');
	expect(await table.locator('tbody tr').count()).toBe(6);
	expect(await table.textContent()).toContain('PPP 2017');
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(360);

	// A new evaluation date in the URL redraws the same panels: mid-2024 still falls under Inpres 4/2022.
	await page.getByLabel('Tanggal evaluasi').fill('2024-06-01');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect.poll(() => page.url()).toContain('date=2024-06-01');
	const summary = page.locator('table.summary tbody tr', { hasText: 'Persentase kemiskinan ekstrem' });
	await expect.poll(() => summary.textContent()).toContain('Inpres 4/2022');
	expect(await summary.textContent()).not.toContain('Inpres 8/2025');
	await context.close();
});

it('prints the brief on a single A4 page', async () => {
	const server = env.server();
	const browser = env.browser();
	const context = await signedInContext(browser, server.url, 'pimpinan.uji', { viewport: { width: 794, height: 1123 } });
	const page = await context.newPage();
	await page.goto(server.url + '/ringkasan/64.02?date=2025-06-01&cetak=1');
	await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 4);
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
	expect(pages.length).toBe(1);
	const rows = await page.locator('table.summary tbody tr').allTextContents();
	expect(rows).toHaveLength(3);
	expect(rows[2]).toContain('Perbup Kutai Kartanegara');
	expect(await page.locator('.top5 tbody tr').count()).toBe(5);
	await context.close();
});

it('gives official figures at the precision BPS publishes and ranks districts by share with the counts beside', async () => {
	const server = env.server();
	const context = await signedInContext(env.browser(), server.url, 'pimpinan.uji', { viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	await page.goto(server.url + '/ringkasan/64.02?date=2025-06-01');
	const poverty = page.locator('table.summary tbody tr', { hasText: 'Persentase penduduk miskin' });
	expect(await poverty.locator('td').first().textContent()).toBe('7,05% (2025)');
	const panel = page.locator('article', { hasText: 'Persentase penduduk miskin' });
	await panel.locator('canvas').first().waitFor();
	await panel.getByRole('button', { name: 'Tampilkan tabel' }).click();
	const observed = await panel.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.children[0]?.textContent, r.children[1]?.textContent]));
	expect(observed).toEqual(expect.arrayContaining([['2024', '7,28%'], ['2023', '7,61%']]));

	const top5 = page.locator('.top5 table');
	expect(await top5.locator('thead th').allTextContents()).toEqual(['No.', 'Nama', 'Terakhir', 'RT desil 1', 'RT terdaftar']);
	const shares = await top5.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(2).map((td) => td.textContent ?? '')));
	const number = (t: string) => Number(t.replace(/\./g, '').replace(',', '.').replace(/[%(].*$/, ''));
	for (const [share, part, whole] of shares) expect(number(share!)).toBeCloseTo((100 * number(part!)) / number(whole!), 1);
	// Ranked by share, not by size: the largest share first.
	expect(shares.map(([share]) => number(share!))).toEqual(shares.map(([share]) => number(share!)).sort((a, b) => b - a));
	// Every table fits its card on a laptop screen.
	const clipped = await page.locator('.card .table-wrap').evaluateAll((wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
	expect(clipped).toBe(0);
	await context.close();
});
