import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { serverAndBrowserFor, signedInContext } from './accounts';

const env = serverAndBrowserFor([
	{ username: 'perencana.hak', role: 'planner', scope: 'ID' },
	{ username: 'pimpinan.hak', role: 'viewer', scope: 'ID' }
]);

/** Reads an Indonesian percentage cell (`88,3%`); '–' is null. */
const share = (text: string) => (text.trim() === '–' ? null : Number(text.replace('%', '').replace(/\./g, '').replace(',', '.')));

it('opens the four-rights scorecard from the workbench, picks Kotabaru’s packages, sorts villages by the weakest right and downloads them', async () => {
	const server = env.server();
	const context = await signedInContext(env.browser(), server.url, 'perencana.hak', { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
	const page = await context.newPage();
	await page.goto(`${server.url}/perencanaan/63.02`);
	// The scorecard is the workbench's 'Empat Tepat' section, a URL of its own.
	await page.getByRole('navigation', { name: 'Bagian meja kerja' }).getByRole('link', { name: 'Empat Tepat', exact: true }).click();
	await expect.poll(() => page.url()).toContain('section=rights');
	const card = page.getByTestId('rights-scorecard');
	expect(await card.getByRole('heading', { level: 2 }).textContent()).toContain('Empat Tepat');

	// The scorecard lists the chosen programme's period (2025 by default): the 2024 packages are picked from the programme form, staying in the section.
	expect(await card.getByRole('link', { name: 'Paket sembako dan susu Kotabaru 2024' }).count()).toBe(0);
	await page.getByLabel('Program', { exact: true }).selectOption('KTB-PANGAN-2024');
	await page.getByRole('button', { name: 'Tampilkan', exact: true }).click();
	await expect.poll(() => page.url()).toContain('program=KTB-PANGAN-2024');
	expect(page.url()).toContain('section=rights');
	expect(await card.getByRole('link', { name: 'Paket sembako dan susu Kotabaru 2024' }).getAttribute('aria-current')).toBe('true');
	const row = card.locator('tr[data-code="KTB-PANGAN-2024"]');
	await expect.poll(() => row.getAttribute('class')).toContain('selected');
	// The weakest right is marked in words, and it is the one with the lowest share in the row.
	const worst = row.locator('td.worst');
	expect(await worst.count()).toBe(1);
	expect(await worst.textContent()).toContain('terendah');
	const shares = await row.locator('td strong').allTextContents();
	expect(share((await worst.locator('strong').textContent())!)).toBe(Math.min(...shares.map((s) => share(s)!)));
	const right = await worst.getAttribute('data-right');
	const api = await (await context.request.get(`${server.url}/api/v1/rights?region=63.02&program=KTB-PANGAN-2024&table=programmes`)).json();
	expect(api.rows.find((r: { code: string }) => r.code === 'KTB-PANGAN-2024').worst).toBe(right);

	await card.getByRole('link', { name: /^Urutkan per Desa\/kelurahan menurut Tepat sasaran, terendah dulu$/ }).click();
	await expect.poll(() => page.url()).toContain(`rights_sort=${right}_pct`);
	expect(page.url()).toContain('rights_dir=asc');
	const villages = card.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Desa/kelurahan · Paket sembako' }) });
	await expect.poll(() => villages.locator('th[aria-sort=ascending]').textContent()).toContain('Tepat sasaran');
	const header = await villages.locator('thead th').allTextContents();
	const column = header.findIndex((h) => h.startsWith('Tepat sasaran')) + 1;
	// The table shows the first page of the 202 villages, the CSV all of them in the same order.
	const values = (await villages.locator(`tbody tr td:nth-child(${column})`).allTextContents()).map(share);
	expect(values).toHaveLength(10);
	expect(values).toEqual([...values].sort((a, b) => (a ?? Infinity) - (b ?? Infinity)));
	expect(await card.getByRole('navigation', { name: /^Halaman tabel/ }).textContent()).toContain('Baris 1–10 dari 202');
	const shownCodes = await villages.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code));

	const [csv] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Unduh CSV' }).last().click()]);
	const text = fs.readFileSync((await csv.path())!, 'utf8');
	expect(text).toContain('Tepat waktu: tahap tersalur di dalam jendelanya');
	expect(text).toContain(`Filter rights_sort,${right}_pct`);
	const lines = text.split('\r\n');
	const first = lines.findIndex((l) => l.startsWith('Kode,'));
	const rows = lines.slice(first + 1).filter(Boolean).map((l) => l.split(','));
	expect(rows).toHaveLength(202);
	expect(rows.slice(0, 10).map((r) => r[0])).toEqual(shownCodes);
	const csvColumn = lines[first]!.split(',').findIndex((h) => h.startsWith('Tepat sasaran'));
	const csvValues = rows.map((r) => (r[csvColumn] === '' ? null : Number(r[csvColumn])));
	expect(csvValues).toEqual([...csvValues].sort((a, b) => (a ?? Infinity) - (b ?? Infinity)));
	expect(csvValues[0]).toBeLessThan(csvValues.findLast((v) => v !== null)!);

	const [xlsx] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Unduh XLSX' }).last().click()]);
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile((await xlsx.path())!);
	const sheet = book.worksheets[0]!;
	const headRow = sheet.getSheetValues().findIndex((r) => Array.isArray(r) && r[1] === 'Kode');
	expect(sheet.rowCount - headRow).toBe(202);
	expect(typeof sheet.getRow(headRow + 1).getCell(6).value).toBe('number');
	await context.close();
});

it('keeps the scorecard inside a phone screen, its wide tables scrolling on their own', async () => {
	const server = env.server();
	const context = await signedInContext(env.browser(), server.url, 'perencana.hak', { viewport: { width: 360, height: 800 } });
	const page = await context.newPage();
	await page.goto(`${server.url}/perencanaan/64.02?program=KKR-STUNTING-2025&section=rights`);
	const card = page.getByTestId('rights-scorecard');
	expect(await card.locator('tr[data-code="KKR-STUNTING-2025"] th').textContent()).toContain('Nov 2025: 2 tahap × 1 bln');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await context.close();
});

it('gives the leaders’ brief one line per 2025 programme with its weakest right', async () => {
	const server = env.server();
	const context = await signedInContext(env.browser(), server.url, 'pimpinan.hak', { viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	await page.goto(`${server.url}/ringkasan/64.02?date=2025-06-01`);
	const brief = page.locator('section[aria-labelledby=rights-brief]');
	expect(await brief.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(['BPNT-2025', 'KKR-STUNTING-2025', 'PKH-2025']);
	expect(await brief.locator('tr[data-code="KKR-STUNTING-2025"] td.worst').textContent()).toContain('terendah');
	await context.close();
});

it('shows a signed-out visitor the four shares from published counts, and none where a count is hidden', async () => {
	const server = env.server();
	const context = await env.browser().newContext();
	const page = await context.newPage();
	await page.goto(`${server.url}/publik/19.01?period=2023`);
	const rows = page.locator('section[aria-labelledby=public-rights] tbody tr');
	expect(await rows.count()).toBe(2);
	const cells = await rows.first().locator('td').allTextContents();
	expect(cells.every((c) => /^\d+,\d%$/.test(c))).toBe(true);
	// Samboja's 50 recipients include one off the list: 49 of 50 would give that one away, so the share is hidden.
	await page.goto(`${server.url}/publik/64.02.13`);
	expect(await page.locator('section[aria-labelledby=public-rights] td[data-right=sasaran]').textContent()).toBe('disembunyikan');
	await context.close();
});
