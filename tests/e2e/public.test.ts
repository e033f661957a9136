import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_INDICATORS } from '../../src/lib/server/indicators/catalogue';
import { findIndicator } from '../../src/lib/server/indicators/catalogue';
import { classify } from '../../src/lib/map/classify';
import { colourMap, paint } from '../../src/lib/map/values';
import { signedInContext, signInCookie, startServerWithAccounts, type ServerWithAccounts } from './accounts';
import { launchBrowser } from './harness';
import { hex, near, paintedIn, probe, screenshotPixels } from './mappixels';

let server: ServerWithAccounts;
let browser: Browser;
beforeAll(async () => {
	server = await startServerWithAccounts([{ username: 'rina', role: 'planner', scope: '63.02' }]);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

/**
 * Reads a CSV: a UTF-8 BOM, then a header and quoted fields split at `sep` (`;` in the Indonesian open-data files,
 * `,` in the by-name list export, which starts with `#` preamble lines).
 */
function readCsv(text: string, sep = ';'): Record<string, string>[] {
	const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l && !l.startsWith('#'));
	const field = new RegExp(`("([^"]|"")*"|[^${sep}]*)(${sep}|$)`, 'g');
	const split = (line: string) => [...line.matchAll(field)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"'));
	const [head, ...rows] = lines.map(split);
	return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

/** The by-name list a planner sees for a Kotabaru district: the names and ids that must never go public. */
async function restrictedRows(): Promise<{ ids: string[]; names: string[] }> {
	const cookie = await signInCookie(server.url, 'rina');
	const res = await fetch(server.url + '/daftar/63.02.01/unduh', {
		method: 'POST',
		headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ program: 'KTB-PANGAN-2024', daftar: 'reached', purpose: 'Uji: daftar pembanding untuk pemeriksaan halaman publik' })
	});
	const rows = readCsv(await res.text(), ',');
	expect(rows.length).toBeGreaterThan(20);
	return { ids: rows.map((r) => r.household_id!), names: [...new Set(rows.map((r) => r.head_name!))] };
}

describe('public pages', () => {
	it('publish no NIK-shaped number, household id or name from the by-name list, on any page or download', async () => {
		const restricted = await restrictedRows();
		const queue = ['/publik', '/publik/metode', '/api/v1/public/nilai-wilayah', '/api/v1/public/program', '/api/v1/public/indikator-resmi', '/wilayah/63.02.01', '/wilayah/64.02.13'];
		for (const id of PUBLIC_INDICATORS) {
			queue.push(`/wilayah/63.02?indicator=${id}`);
			if (findIndicator(id)!.levels.includes('village')) queue.push(`/api/v1/values?indicator=${id}&region=63.02&level=village&format=csv`);
		}
		const seen = new Set<string>();
		while (queue.length) {
			const path = queue.shift()!;
			if (seen.has(path)) continue;
			seen.add(path);
			const res = await get(path);
			expect(res.status, path).toBe(200);
			const body = await res.text();
			expect(body, path).not.toMatch(/(?<![\d.])\d{16}(?![\d.])/);
			expect(body, path).not.toMatch(/[0-9a-f]{64}/);
			for (const name of restricted.names) expect(body.includes(name), `${name} on ${path}`).toBe(false);
			for (const [, link] of body.matchAll(/href="(\/publik\/[\d.]+)"/g)) queue.push(link!);
		}
		expect(seen.size).toBeGreaterThan(40);
	});

	it('publish no count from 1 to 9, and no hidden count that a published total gives away', async () => {
		const rows = readCsv(await (await get('/api/v1/public/nilai-wilayah')).text());
		expect(rows.length).toBeGreaterThan(10_000);
		const groups = new Map<string, { parent: string; hidden: boolean }[]>();
		const value = new Map<string, string>();
		for (const r of rows) {
			const key = `${r.measure}|${r.programme_code}|${r.period}`;
			value.set(`${key}|${r.region_code}`, r.value!);
			if (r.value !== '' && r.measure !== 'amount_rp') expect(Number(r.value) >= 1 && Number(r.value) <= 9, JSON.stringify(r)).toBe(false);
			if (r.parent_code && r.level !== 'regency') {
				const g = `${key}|${r.parent_code}`;
				groups.set(g, [...(groups.get(g) ?? []), { parent: r.parent_code, hidden: r.value === '' }]);
			}
		}
		let checked = 0;
		for (const [g, kids] of groups) {
			const parentHidden = value.get(g) === '';
			const hiddenKids = kids.filter((k) => k.hidden).length;
			if (parentHidden) expect(hiddenKids, g).toBeGreaterThan(0);
			else expect(hiddenKids, g).not.toBe(1);
			checked++;
		}
		expect(checked).toBeGreaterThan(1_000);
		for (const r of rows.filter((x) => x.measure === 'reached' && x.value === '')) {
			expect(value.get(`amount_rp|${r.programme_code}|${r.period}|${r.region_code}`), `Rupiah for ${r.region_code}`).toBe('');
		}
	});

	it('answer a repeated request with 304 until the snapshot, server or language changes', async () => {
		for (const path of ['/publik/63.02', '/wilayah/63.02.01?indicator=krs_families', '/api/v1/public/program']) {
			const first = await get(path);
			const etag = first.headers.get('etag')!;
			expect(etag, path).toMatch(/^"\d{8}T\d{6}Z-/);
			expect(first.headers.get('cache-control'), path).toMatch(/public/);
			expect((await get(path, { 'if-none-match': etag })).status, path).toBe(304);
			if (!path.startsWith('/api/')) {
				const english = await get(path, { cookie: 'PARAGLIDE_LOCALE=en', 'if-none-match': etag });
				expect(english.status, path).toBe(200);
				expect(english.headers.get('etag'), path).not.toBe(etag);
				expect(await english.text(), path).toContain('<html lang="en"');
				expect(await (await get(path)).text(), path).toContain('<html lang="id"');
			}
		}
	});

	it('go out gzip-compressed to a client that takes it, the same page and figures once unpacked', async () => {
		for (const path of ['/publik/63.02', '/api/v1/values?indicator=krs_families&region=63.02&level=village&format=json']) {
			const plain = await get(path, { 'accept-encoding': 'identity' });
			const zipped = await get(path, { 'accept-encoding': 'gzip' });
			expect(plain.headers.get('content-encoding'), path).toBeNull();
			expect(zipped.headers.get('content-encoding'), path).toBe('gzip');
			expect(zipped.headers.get('vary'), path).toMatch(/Accept-Encoding/);
			expect(await zipped.text(), path).toBe(await plain.text());
		}
	});

	it('show their tables and change the period without JavaScript', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(server.url + '/publik/63.02');
		const districts = page.getByRole('table', { name: /Wilayah di Kabupaten Kotabaru/ }).getByRole('row');
		expect(await districts.count()).toBe(23);
		await page.getByLabel('Periode').selectOption('2022');
		await page.getByRole('button', { name: 'Tampilkan', exact: true }).click();
		await page.waitForURL(/period=2022/);
		expect(await page.getByLabel('Periode').inputValue()).toBe('2022');

		await page.goto(server.url + '/publik/64.02');
		expect(await page.getByRole('heading', { name: 'Angka resmi terhadap target' }).count()).toBe(1);
		expect(await page.getByText(/RPJMN|Inpres|Perpres/).count()).toBeGreaterThan(0);

		await page.goto(server.url + '/wilayah/63.02.01?indicator=krs_families');
		expect(await page.getByText('Tampilan publik').count()).toBe(1);
		const villages = await page.getByRole('row').filter({ has: page.locator('td.num') }).allTextContents();
		expect(villages.length).toBeGreaterThan(2);
		expect(villages.join(' ')).toMatch(/disembunyikan|\d/);
		// The map needs JavaScript: without it there is no empty map box.
		expect(await page.locator('[data-painted]').count()).toBe(0);
		await context.close();
	});

	it('draw their charts under the Content-Security-Policy without a single violation', async () => {
		const page = await browser.newPage();
		const violations: string[] = [];
		page.on('console', (msg) => {
			if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
		});
		const csp = (await page.goto(server.url + '/publik/64.02'))!.headers()['content-security-policy']!;
		expect(csp).toMatch(/script-src 'self' 'sha256-/);
		expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
		await expect.poll(() => page.locator('.card canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
		await page.goto(server.url + '/wilayah/64.02?indicator=poverty_rate');
		await expect.poll(() => page.locator('svg path').count(), { timeout: 20_000 }).toBeGreaterThan(0);
		// The check would see a violation: an injected inline script is refused and reported.
		await page.evaluate(() => {
			const s = document.createElement('script');
			s.textContent = 'window.injected = 1';
			document.body.append(s);
		});
		await expect.poll(() => violations.length, { timeout: 20_000 }).toBe(1);
		expect(await page.evaluate(() => 'injected' in window)).toBe(false);
		await page.close();
	});

	/** Public counts per region for the latest period, from the open-data download (the suppressed public table). */
	async function publicCounts(parent: string): Promise<Map<string, Record<string, number | null>>> {
		const records = readCsv(await (await get('/api/v1/public/nilai-wilayah')).text());
		const mine = records.filter((r) => r.parent_code === parent && r.programme_code === '');
		const period = Math.max(...mine.map((r) => Number(r.period)));
		const rows = new Map<string, Record<string, number | null>>();
		for (const r of mine.filter((x) => Number(x.period) === period)) {
			const row = rows.get(r.region_code!) ?? {};
			row[r.measure!] = r.value === '' ? null : Number(r.value);
			rows.set(r.region_code!, row);
		}
		return rows;
	}

	const share = (r: Record<string, number | null>) => (r.extreme_poor_hh == null || !r.households ? null : (100 * r.extreme_poor_hh) / r.households);
	const PALETTE = classify([1, 2, 3, 4, 5, 6], 'quantile', 'higher_is_worse').colours;

	it('map Kotabaru districts for a signed-out visitor from the public figures only, on a phone', async () => {
		const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
		const page = await context.newPage();
		const api: string[] = [];
		page.on('request', (r) => {
			const u = new URL(r.url());
			if (u.pathname.startsWith('/api/')) api.push(u.pathname);
		});
		await page.goto(server.url + '/publik/63.02');
		await paintedIn(page, '.public-map', 1);
		await page.waitForLoadState('networkidle');
		expect(await page.getByText('batas indikatif / indicative boundaries').count()).toBeGreaterThan(0);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		// Geometry only: the colours come from the public rows the page was built from, never from a values view.
		expect(api.length).toBeGreaterThan(0);
		expect(api.every((p) => p.startsWith('/api/v1/tiles'))).toBe(true);

		const rows = await publicCounts('63.02');
		const expected = colourMap(
			paint(
				[...rows].map(([code, r]) => ({ code, name: code, value: share(r) })),
				'quantile',
				'higher_is_worse'
			).colouring
		);
		const points = (await probe(page, page.getByRole('region', { name: /Peta choropleth/ }))).filter((p) => p.code.startsWith('63.02.'));
		expect(new Set(points.map((p) => p.code)).size).toBeGreaterThanOrEqual(3);
		const shot = await screenshotPixels(page, points);
		expect(points.filter((p, i) => near(shot[i]!, hex(expected.get(p.code) ?? '#ff00ff'))).length / points.length).toBeGreaterThanOrEqual(0.8);
		await context.close();
	});

	it('draw a district’s suppressed villages with the dotted pattern, never a class colour, even for a signed-in planner', async () => {
		const rows = await publicCounts('63.02.05');
		const hidden = [...rows].filter(([, r]) => r.extreme_poor_hh === null).map(([code]) => code);
		expect(hidden.length).toBeGreaterThan(0);
		// A planner whose scope holds these villages would get unsuppressed values from the values API; the public page must not.
		const context = await signedInContext(browser, server.url, 'rina');
		const page = await context.newPage();
		const values: string[] = [];
		page.on('request', (r) => {
			if (r.url().includes('/api/v1/values')) values.push(r.url());
		});
		await page.goto(server.url + '/publik/63.02.05');
		await paintedIn(page, '.public-map', 1);
		await page.waitForLoadState('networkidle');
		expect(values).toEqual([]);
		const points = await probe(page, page.getByRole('region', { name: /Peta choropleth/ }));
		const onHidden = points.filter((p) => hidden.includes(p.code));
		expect(onHidden.length).toBeGreaterThan(0);
		for (const p of onHidden) expect(p.text).toContain('disembunyikan');
		const shot = await screenshotPixels(page, onHidden);
		for (const px of shot) {
			expect(PALETTE.some((c) => near(px, hex(c)))).toBe(false);
			// The pattern is grey ink on white: no hue.
			expect(Math.max(...px) - Math.min(...px)).toBeLessThanOrEqual(6);
		}
		await context.close();
	});

	it('name official statistics with their source and unit at the precision BPS publishes, never by raw id, apart from register figures', async () => {
		const page = await browser.newPage();
		await page.goto(server.url + '/publik/64.02');
		// What a reader sees (the ids stay in the page's data for the script, never in its text).
		const text = await page.evaluate(() => document.body.innerText);
		for (const raw of ['poor_people', 'poverty_line', '753.332,00%', '59.000,00%']) expect(text, raw).not.toContain(raw);
		const official = page.getByRole('table', { name: 'Statistik resmi (BPS, Kemenkes)' });
		const row = async (label: string) => (await official.getByRole('row').filter({ hasText: label }).locator('td').allTextContents()).map((t) => t.trim());
		// Columns 2021–2025, then the source.
		expect((await row('Persentase penduduk miskin BPS (% penduduk)')).slice(0, 5)).toEqual(['7,99%', '7,80%*', '7,61%', '7,28%', '7,05%*']);
		expect((await row('Jumlah penduduk miskin BPS (jiwa)'))[3]).toBe('59.000');
		expect((await row('Garis kemiskinan BPS (Rp/kapita/bulan)'))[3]).toBe('Rp 753.332');
		expect((await row('Prevalensi stunting survei (% balita)')).slice(0, 2)).toEqual(['26,4%', '27,1%']);
		// The register share of households and BPS's share of people are named apart, and the page says why they differ.
		expect(await page.getByRole('columnheader', { name: 'RT desil 1 di register P3KE (% rumah tangga)' }).count()).toBeGreaterThan(0);
		expect(await official.getByRole('rowheader', { name: 'Persentase kemiskinan ekstrem BPS (% penduduk)' }).count()).toBe(1);
		expect(await page.getByText('Mengapa angka register berbeda dari angka BPS').count()).toBe(1);
		await page.close();
	});

	it('let a signed-out visitor download a target trajectory from the chart, as CSV for Indonesian Excel and as XLSX', async () => {
		const page = await browser.newPage();
		await page.goto(server.url + '/publik/64.02');
		const panel = page.locator('article', { hasText: 'Persentase penduduk miskin BPS' });
		const csvLink = await panel.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href');
		const xlsxLink = await panel.getByRole('link', { name: 'Unduh XLSX' }).getAttribute('href');
		await page.close();
		const csv = await get(csvLink!);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		const rows = readCsv(await csv.text());
		expect(rows.find((r) => r.Periode === '2024')).toMatchObject({ Teramati: '7,28', Sumber: 'BPS, Susenas Maret' });
		const xlsx = await get(xlsxLink!);
		expect(xlsx.status).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await xlsx.arrayBuffer());
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Data', 'Keterangan']);
		expect(wb.getWorksheet('Data')!.getRow(5).values).toEqual([undefined, 2024, 7.28, undefined, undefined, expect.any(String), 'BPS, Susenas Maret']);
		expect(wb.getWorksheet('Keterangan')!.getSheetValues().flat().join(' ')).toContain('Target berlaku');
	});

	it("show a village beside its district and regency, its trend, and hand its figures over as CSV and XLSX that open back", async () => {
		const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
		const page = await context.newPage();
		await page.goto(server.url + '/publik/64.02.13.1008');
		const beside = page.getByRole('table', { name: /Wonotirto dan wilayah di atasnya/ });
		// Each name, without the level and code noted under it.
		const names = await beside.locator('tbody th').evaluateAll((ths) =>
			ths.map((th) => {
				const name = th.cloneNode(true) as HTMLElement;
				name.querySelector('.note')?.remove();
				return name.textContent?.trim();
			})
		);
		expect(names).toEqual(['Wonotirto', 'Samboja', 'Kabupaten Kutai Kartanegara']);
		const shown = (await beside.locator('tbody tr').first().locator('td').allTextContents()).map((t) => t.trim());
		await expect.poll(() => page.locator('.trend canvas').count()).toBeGreaterThanOrEqual(2);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

		const [csvFile] = await Promise.all([page.waitForEvent('download'), page.locator('.downloads').getByRole('link', { name: 'CSV' }).click()]);
		const rows = readCsv(fs.readFileSync((await csvFile.path())!, 'utf8'));
		const period = await page.getByLabel('Periode').inputValue();
		const own = rows.find((r) => r.Kode === '64.02.13.1008' && r.Periode === period)!;
		expect(own['Rumah tangga terdaftar']).toBe(shown[0]!.replace(/\./g, ''));
		expect(own['RT desil 1 di register P3KE (% rumah tangga)']!.startsWith(shown[2]!.replace('%', ''))).toBe(true);
		expect(new Set(rows.map((r) => r.Kode))).toEqual(new Set(['64.02.13.1008', '64.02.13', '64.02']));

		const [xlsxFile] = await Promise.all([page.waitForEvent('download'), page.locator('.downloads').getByRole('link', { name: 'XLSX' }).click()]);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile((await xlsxFile.path())!);
		const data = wb.getWorksheet('Data')!;
		expect(data.getRow(1).getCell(4).value).toBe('Rumah tangga terdaftar');
		expect(data.rowCount - 1).toBe(rows.length);
		expect(typeof data.getRow(2).getCell(4).value).toBe('number');
		await context.close();
	});
});
