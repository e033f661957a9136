/**
 * Three whole journeys in Chromium, at a laptop's 1280 px and a phone's 360 px, each step a click from the
 * home page (the only typed address is the first visit to `/`): a Kotabaru planner from sign-in to the
 * published verification and its drop-outs; a regent from sign-in to the printed brief with a peer regency
 * beside; a signed-out citizen from the search box to their village's figures. Every step leaves a
 * screenshot in TEPAT_JOURNEY_SHOTS (default: a temporary folder) and each journey prints one line with its
 * step count and the page heights of the workbench, the brief and the public regency page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY } from '../importer';
import { currentSnapshotDir, publishSnapshot } from '../../src/lib/server/snapshot/store';
import { startServerWithAccounts, TEST_PASSWORD, type ServerWithAccounts, type TestAccount } from './accounts';
import { launchBrowser, repoRoot } from './harness';

const SHOTS = process.env.TEPAT_JOURNEY_SHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-journeys-'));
fs.mkdirSync(SHOTS, { recursive: true });
const WIDTHS = [1280, 360] as const;
const ACCOUNTS: TestAccount[] = [
	{ username: 'rina', role: 'planner', scope: '63.02' },
	{ username: 'bupati.ktb', role: 'viewer', scope: '63.02' }
];
const PURPOSE = 'Verifikasi lapangan paket pangan berikutnya';
const num = (n: number) => new Intl.NumberFormat('id-ID').format(n);
const parseNum = (t: string) => Number(t.replace(/\./g, '').replace(',', '.'));

let browser: Browser;
let work: string;
beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-e2e-journeys-'));
	browser = await launchBrowser();
	console.log(`journey screenshots: ${SHOTS}`);
});
afterAll(async () => {
	await browser?.close();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A server on its own copy of the demo snapshot: a publish in one journey never shows in another. */
async function serverOnCopy(name: string): Promise<ServerWithAccounts> {
	const root = path.join(work, name, 'data');
	const demo = currentSnapshotDir(path.join(repoRoot, 'data'));
	if (!demo) throw new Error('run npm run data:demo first');
	fs.cpSync(demo, path.join(root, 'snapshots', path.basename(demo)), { recursive: true });
	publishSnapshot(root, path.basename(demo));
	return startServerWithAccounts(ACCOUNTS, { dataDir: root, env: { TEPAT_HMAC_KEY: KEY } });
}

/** One journey at one width: its page, its numbered screenshots, and the page heights it measured. */
class Journey {
	steps = 0;
	heights: Record<string, number> = {};
	private constructor(
		readonly name: string,
		readonly width: number,
		readonly page: Page
	) {}

	static async start(name: string, width: number, baseUrl: string): Promise<Journey> {
		const context = await browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true });
		const page = await context.newPage();
		// Rebuilding the snapshot on publish shares two cores with other work: allow a minute a step.
		page.setDefaultTimeout(60_000);
		await page.goto(baseUrl + '/');
		return new Journey(name, width, page);
	}

	/** Ends a step: the page fits the width, and its screenshot is kept. */
	async step(label: string): Promise<void> {
		this.steps++;
		await this.page.waitForLoadState('networkidle');
		expect(await this.page.evaluate(() => document.documentElement.scrollWidth), `${this.name} ${label} at ${this.width}`).toBeLessThanOrEqual(this.width);
		const file = `${this.name}-${this.width}-${String(this.steps).padStart(2, '0')}-${label}.png`;
		await this.page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
	}

	async measure(what: string): Promise<void> {
		this.heights[what] = await this.page.evaluate(() => document.documentElement.scrollHeight);
	}

	/** Clicks a menu item, opening the folded menu first on a phone. */
	async menu(item: string): Promise<void> {
		const nav = this.page.getByRole('navigation', { name: /^(Navigasi utama|Main navigation)$/ });
		await this.page.waitForLoadState('networkidle');
		if (!(await nav.isVisible())) await this.page.getByRole('button', { name: /Menu/ }).click();
		await nav.getByRole('link', { name: item, exact: true }).click();
	}

	async signIn(username: string): Promise<void> {
		const link = this.page.getByRole('link', { name: /^(Masuk|Sign in)$/ });
		await this.page.waitForLoadState('networkidle');
		if (!(await link.isVisible())) await this.page.getByRole('button', { name: /Menu/ }).click();
		await link.click();
		await this.page.getByLabel(/Nama pengguna|Username/).fill(username);
		await this.page.getByLabel(/Kata sandi|Password/).fill(TEST_PASSWORD);
		await Promise.all([this.page.waitForURL((u) => u.pathname === '/'), this.page.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click()]);
	}

	async download(click: () => Promise<void>): Promise<{ download: Download; file: string }> {
		const [download] = await Promise.all([this.page.waitForEvent('download'), click()]);
		const file = path.join(work, `${this.name}-${this.width}-${download.suggestedFilename()}`);
		await download.saveAs(file);
		expect(fs.statSync(file).size).toBeGreaterThan(0);
		return { download, file };
	}

	async end(): Promise<void> {
		const heights = Object.entries(this.heights)
			.map(([k, v]) => `${k} ${v} px`)
			.join(', ');
		console.log(`journey ${this.name} @ ${this.width} px: ${this.steps} steps${heights ? `; page height ${heights}` : ''}`);
		await this.page.context().close();
	}
}

/** The rows of a CSV the app writes: `,` for the workbench's plans, `;` (Indonesian Excel) for the public pages; `#` lines are notes. */
function csvRows(text: string, sep: ',' | ';'): string[][] {
	const field = new RegExp(`("([^"]|"")*"|[^${sep}]*)(${sep}|$)`, 'g');
	return text
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/)
		.filter((l) => l && !l.startsWith('#'))
		.map((l) => [...l.matchAll(field)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"')));
}

describe.each(WIDTHS)('at %i px', (width) => {
	it('a planner signs in, finds the largest unmet need, allocates the next 100 packages, verifies a village in the field and sees the drop-outs', async () => {
		const server = await serverOnCopy(`planner-${width}`);
		const j = await Journey.start('planner', width, server.url);
		const { page } = j;
		try {
			await j.signIn('rina');
			expect(await page.locator('h1').textContent()).toBe('Kabupaten Kotabaru');
			await j.step('signed-in');

			await j.menu('Meja kerja');
			await page.waitForURL(/\/perencanaan\/63\.02/);
			expect(await page.locator('h1').textContent()).toContain('Kotabaru');
			await j.measure('workbench');
			await j.step('workbench');

			const unmet = page.locator('section[aria-labelledby=unmet]');
			expect(await unmet.getByRole('heading').first().textContent()).toBe('10 desa dengan kebutuhan belum terpenuhi terbesar');
			const unmetRows = unmet.locator('tbody tr');
			expect(await unmetRows.count()).toBe(10);

			await unmet.getByRole('link', { name: /Alokasikan paket berikutnya/ }).click();
			await page.waitForURL(/section=allocation/);
			await page.waitForLoadState('networkidle');
			await page.getByLabel('Jumlah paket').fill('100');
			await page.getByRole('button', { name: 'Hitung alokasi' }).click();
			await expect.poll(() => page.url()).toContain('packages=100');
			expect(await page.getByTestId('alloc-summary').textContent()).toMatch(/^\s*100 paket/);
			await j.step('allocation');

			const plan = await j.download(() => page.getByRole('link', { name: 'Unduh rencana distribusi (CSV)' }).click());
			const lines = csvRows(fs.readFileSync(plan.file, 'utf8'), ',');
			const head = lines.findIndex((l) => l[0] === 'Kode');
			expect(head).toBeGreaterThanOrEqual(0);
			const col = lines[head]!.findIndex((h) => h.startsWith('Alokasi'));
			const villages = lines.slice(head + 1).filter((l) => /^63\.02\.\d\d\.\d{4}$/.test(l[0]!));
			expect(villages.length).toBeGreaterThan(0);
			expect(villages.reduce((s, l) => s + Number(l[col]), 0)).toBe(100);

			await page.getByRole('link', { name: 'Daftar nama dan formulir verifikasi' }).last().click();
			await page.waitForURL(/section=lists/);
			expect(await page.getByTestId('verval-counts').textContent()).toContain('Belum');
			await j.step('lists');

			const first = page.locator('section[aria-labelledby=lists] tbody tr').first();
			const village = (await first.getAttribute('data-code'))!;
			expect(village).toMatch(/^63\.02\.\d\d\.\d{4}$/);
			await first.getByRole('link').first().click();
			await page.waitForURL(new RegExp(`/daftar/${village.replaceAll('.', '\\.')}`));
			await page.getByLabel(/Tujuan membuka daftar/).fill(PURPOSE);
			await page.getByRole('button', { name: 'Buka daftar' }).click();
			const status = page.getByRole('status').first();
			await status.waitFor();
			const count = parseNum((await status.textContent())!.match(/^([\d.]+) rumah tangga/)![1]!);
			expect(count).toBeGreaterThan(3);
			expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(Math.min(count, 10));
			await j.step('by-name-list');

			const form = await j.download(() => page.getByRole('button', { name: 'Formulir verifikasi (XLSX)' }).click());
			expect(form.download.suggestedFilename()).toMatch(new RegExp(`^formulir-verval-.*-${village}\\.xlsx$`));
			const book = new ExcelJS.Workbook();
			await book.xlsx.readFile(form.file);
			const sheet = book.worksheets[0]!;
			const header = (sheet.getRow(1).values as string[]).slice(1);
			expect(header[0]).toBe('Ref rumah tangga / Household ref');
			expect(sheet.rowCount).toBe(count + 1);
			const at = (name: string) => header.findIndex((h) => h.startsWith(name)) + 1;
			const outcome = { eligible: 0, welfare: 0, missing: 0 };
			for (let n = 0; n < count; n++) {
				const row = sheet.getRow(n + 2);
				const kind = (['eligible', 'welfare', 'missing'] as const)[n % 3]!;
				row.getCell(at('Ditemukan')).value = kind === 'missing' ? 'tidak' : 'ya';
				if (kind !== 'missing') row.getCell(at('Layak')).value = kind === 'eligible' ? 'ya' : 'tidak';
				if (kind === 'welfare') row.getCell(at('Alasan')).value = 'kesejahteraan membaik';
				if (kind === 'missing') row.getCell(at('Alasan')).value = 'tidak ditemukan di alamat';
				row.getCell(at('Petugas')).value = 'Budi Santoso';
				// Checked in the middle of the row's own programme period.
				row.getCell(at('Tanggal verifikasi')).value = new Date(Date.UTC(Number(row.getCell(at('Periode')).value), 5, 12));
				outcome[kind]++;
			}
			const filled = path.join(work, `terisi-${width}.xlsx`);
			await book.xlsx.writeFile(filled);

			await page.getByRole('link', { name: 'Unggah formulir terisi' }).click();
			await page.waitForURL(/\/verval$/);
			await j.step('verval-upload');
			await page.getByLabel(/Formulir terisi/).setInputFiles(filled);
			await Promise.all([page.waitForURL(/\?\/check/, { timeout: 200_000 }), page.getByRole('button', { name: 'Periksa berkas' }).click()]);
			await j.step('verval-checked');
			expect(await page.locator('main').getByRole('alert').count(), (await page.locator('main').textContent())?.slice(0, 600)).toBe(0);
			expect(await page.getByRole('status').textContent()).toContain(`Formulir lolos pemeriksaan: ${count} baris`);
			await Promise.all([page.waitForURL(/\?\/publish/, { timeout: 300_000 }), page.getByRole('button', { name: 'Publikasikan' }).click({ timeout: 300_000 })]);
			expect(await page.getByRole('status').textContent()).toContain('Hasil verifikasi dipublikasikan');
			await j.step('verval-published');

			await page.getByRole('link', { name: /Lihat corong dan alasan keluar/ }).click();
			await page.waitForURL(/section=funnel/);
			const funnel = page.locator('section[aria-labelledby=funnel]');
			await expect.poll(() => page.getByTestId('verval-counts').textContent()).toContain(`${num(count)} rumah tangga diverifikasi: ${num(outcome.eligible)} layak, ${num(outcome.welfare + outcome.missing)} tidak layak`);
			expect(await funnel.getByRole('row', { name: /kesejahteraan membaik/ }).textContent()).toContain(num(outcome.welfare));
			expect(await funnel.getByRole('row', { name: /tidak ditemukan di alamat/ }).textContent()).toContain(num(outcome.missing));
			await j.step('funnel');
		} finally {
			await j.end();
			await server.stop();
		}
	}, 900_000);

	describe('on the demo snapshot', () => {
		let server: ServerWithAccounts;
		beforeAll(async () => {
			server = await startServerWithAccounts(ACCOUNTS);
		});
		afterAll(async () => {
			await server?.stop();
		});

		it('a regent signs in, reads the brief, compares Kotabaru with a peer regency and prints the brief', async () => {
			const j = await Journey.start('regent', width, server.url);
			const { page } = j;
			try {
				await j.signIn('bupati.ktb');
				expect(await page.locator('h1').textContent()).toBe('Kabupaten Kotabaru');
				await j.step('signed-in');

				await j.menu('Ringkasan');
				await page.waitForURL(/\/ringkasan\/63\.02/);
				expect(await page.locator('h1').textContent()).toContain('Kotabaru');
				const summary = page.locator('table.summary tbody tr');
				expect(await summary.count()).toBeGreaterThanOrEqual(3);
				expect(await summary.first().textContent()).toMatch(/\d/);
				await expect.poll(() => page.locator('article canvas').count()).toBeGreaterThanOrEqual(3);
				await j.measure('brief');
				await j.step('brief');

				await page.getByRole('link', { name: 'Bandingkan dengan wilayah lain' }).click();
				await page.waitForURL(/\/bandingkan\?/);
				await page.waitForLoadState('networkidle');
				await page.getByLabel('Cari wilayah menurut nama').fill('Kutai Kartanegara');
				await page.getByRole('button', { name: 'Cari', exact: true }).click();
				await page.getByRole('link', { name: 'Tambah Kabupaten Kutai Kartanegara' }).click();
				await expect.poll(() => page.url()).toContain('64.02');
				const rows = page.locator('table.summary tbody tr');
				await expect.poll(() => rows.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Kotabaru'), expect.stringContaining('Kutai Kartanegara')]));
				await j.step('compare');

				await page.locator('table.summary').getByRole('link', { name: /^Kabupaten Kotabaru/ }).click();
				await page.waitForURL(/\/ringkasan\/63\.02|\/wilayah\/63\.02/);
				if (page.url().includes('/wilayah/')) {
					await page.getByRole('navigation', { name: 'Untuk wilayah ini' }).getByRole('link', { name: /^Ringkasan/ }).click();
					await page.waitForURL(/\/ringkasan\/63\.02/);
				}
				await page.getByRole('link', { name: 'Tampilan cetak' }).click();
				await page.waitForURL(/cetak=1/);
				await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 3);
				await page.emulateMedia({ media: 'print' });
				expect(await page.getByRole('button', { name: 'Cetak ringkasan (A4)' }).isVisible()).toBe(false);
				expect(await page.getByRole('navigation', { name: /^(Navigasi utama|Main navigation)$/ }).isVisible()).toBe(false);
				const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
				expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
				expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
				await j.step('print');
				await page.emulateMedia({ media: 'screen' });
			} finally {
				await j.end();
			}
		}, 300_000);

		it('a signed-out citizen finds their village from the home page search and downloads its figures', async () => {
			const j = await Journey.start('citizen', width, server.url);
			const { page } = j;
			try {
				expect(await page.getByRole('search').count()).toBe(1);
				await j.step('home');

				await page.getByLabel('Cari wilayah (nama atau kode)').fill('Wonotirto');
				await page.getByRole('search').getByRole('button', { name: 'Cari' }).click();
				await page.waitForURL(/\/cari\?/);
				await j.step('search');
				// Five places share the name: the citizen picks theirs by its code.
				const results = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Wonotirto' }) });
				expect(await results.count()).toBeGreaterThan(1);
				await results.filter({ hasText: '64.02.13.1008' }).getByRole('link').click();
				await page.waitForURL(/\/(wilayah|publik)\/64\.02\.13\.1008/);
				if (page.url().includes('/wilayah/')) {
					await j.step('region');
					await page.getByRole('link', { name: 'Angka publik Wonotirto dan unduhannya (CSV, XLSX)' }).click();
					await page.waitForURL(/\/publik\/64\.02\.13\.1008/);
				}
				expect(await page.locator('h1').textContent()).toContain('Wonotirto');
				await j.step('village');

				const csv = await j.download(() => page.locator('.downloads').getByRole('link', { name: 'CSV' }).click());
				const [head, ...rows] = csvRows(fs.readFileSync(csv.file, 'utf8'), ';');
				expect(head).toEqual(expect.arrayContaining(['Kode', 'Periode', 'Rumah tangga terdaftar']));
				// The village beside its district and regency, period by period, each with a count.
				expect(new Set(rows.map((r) => r[head!.indexOf('Kode')]))).toEqual(new Set(['64.02.13.1008', '64.02.13', '64.02']));
				const own = rows.filter((r) => r[head!.indexOf('Kode')] === '64.02.13.1008');
				expect(own.length).toBeGreaterThan(0);
				expect(own.every((r) => Number(r[head!.indexOf('Rumah tangga terdaftar')]) > 0)).toBe(true);

				await page.getByRole('link', { name: /Kutai Kartanegara/ }).first().click();
				await page.waitForURL(/\/publik\/64\.02$/);
				expect(await page.locator('h1').textContent()).toContain('Kutai Kartanegara');
				await j.measure('public regency');
				await j.step('public-regency');
			} finally {
				await j.end();
			}
		}, 300_000);
	});
});
