/**
 * The field verification loop on the built server, on a copy of the demo snapshot in a temporary data folder:
 * a Kotabaru planner opens by-name lists (a whole regency too), exports a village's verification form as XLSX
 * and as the printable A4 page, the form comes back filled in (once wrongly, once right), is checked and
 * published, and the workbench's funnel, drop-out reasons and coverage follow it; every step is in the audit log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/lib/server/auth/audit';
import { openStore } from '../../src/lib/server/auth/store';
import { KEY } from '../importer';
import { currentSnapshotDir, publishSnapshot } from '../../src/lib/server/snapshot/store';
import { signIn, signInCookie, startServerWithAccounts, type ServerWithAccounts } from './accounts';
import { launchBrowser, repoRoot } from './harness';

const PROGRAMME = 'KTB-PANGAN-2024';
const VILLAGE = '63.02.01.2002';
const PURPOSE = 'Verifikasi lapangan paket pangan berikutnya';

let server: ServerWithAccounts;
let browser: Browser;
let work: string;
let root: string;
beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-e2e-verval-'));
	root = path.join(work, 'data');
	const demo = currentSnapshotDir(path.join(repoRoot, 'data'));
	if (!demo) throw new Error('run npm run data:demo first');
	fs.cpSync(demo, path.join(root, 'snapshots', path.basename(demo)), { recursive: true });
	publishSnapshot(root, path.basename(demo));
	server = await startServerWithAccounts(
		[
			{ username: 'rina', role: 'planner', scope: '63.02' },
			{ username: 'dinsos.ktb', role: 'agency', agency: 'dinsos', scope: '63.02' }
		],
		{ dataDir: root, env: { TEPAT_HMAC_KEY: KEY } }
	);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

const get = (url: string, cookie: string) => fetch(server.url + url, { headers: { cookie } });
const coverage = async (cookie: string) => (await (await get(`/api/v1/coverage?region=63.02&program=${PROGRAMME}`, cookie)).json()).total;
const auditActions = async () => {
	const store = openStore(path.join(server.stateDir, 'tepat.sqlite'));
	try {
		return (await readAudit(store)).reverse().map((e) => ({ action: e.action, filter: JSON.parse(e.filter) as Record<string, unknown>, rows: e.row_count, purpose: e.purpose }));
	} finally {
		await store.close();
	}
};

async function plannerPage(width: number): Promise<Page> {
	const page = await (await browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true })).newPage();
	// A village's form and the snapshot rebuild share two cores with other work: allow a minute a step.
	page.setDefaultTimeout(60_000);
	await signIn(page, server.url, 'rina');
	return page;
}

async function openList(page: Page, code: string) {
	await page.goto(`${server.url}/daftar/${code}?program=${PROGRAMME}`);
	await page.getByLabel(/Tujuan membuka daftar/).fill(PURPOSE);
	await page.getByRole('button', { name: 'Buka daftar' }).click();
	await page.getByRole('status').first().waitFor();
}

describe('by-name lists', () => {
	it('open for a whole regency with the count the workbench reports, short refs instead of 64-hex ids, and a way back', async () => {
		const cookie = await signInCookie(server.url, 'rina');
		const total = await coverage(cookie);
		const post = (code: string, purpose: string) =>
			fetch(`${server.url}/daftar/${code}`, {
				method: 'POST',
				headers: { cookie, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ program: PROGRAMME, daftar: 'unreached', purpose })
			});
		const res = await post('63.02', PURPOSE);
		expect(res.status).toBe(200);
		const html = await res.text();
		const shown = new Intl.NumberFormat('id-ID').format(total.exclusion);
		expect(html).toContain(`${shown} rumah tangga`);
		expect(html).toMatch(/<td class="ref[^"]*">[0-9A-F]{4}-[0-9A-F]{4}<\/td>/);
		expect(html).not.toMatch(/[0-9a-f]{64}/);
		expect(html).not.toMatch(/\b\d{16}\b/);
		expect(html).toContain(`href="/perencanaan/63.02?program=${PROGRAMME}&amp;section=lists"`);
		expect((await get('/daftar/63', cookie)).status).toBe(404);
		const refused = await post('63.02', 'cek');
		expect(refused.status).toBe(400);
		const text = await refused.text();
		expect(text).toContain('paling sedikit 10 karakter');
		expect(text).toContain('at least 10 characters');
		const audit = (await auditActions()).filter((e) => e.action === 'byname.view' && e.filter.region === '63.02');
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ rows: Math.min(1000, total.exclusion), purpose: PURPOSE });
	});

	it('on a phone, say the purpose rule from the server in both languages and keep what was typed', async () => {
		const page = await plannerPage(360);
		await page.goto(`${server.url}/daftar/${VILLAGE}?program=${PROGRAMME}`);
		const purpose = page.getByLabel(/Tujuan membuka daftar/);
		expect(await purpose.getAttribute('minlength')).toBeNull();
		expect(await purpose.getAttribute('required')).toBeNull();
		await purpose.fill('cek');
		await page.getByRole('button', { name: 'Buka daftar' }).click();
		const alert = page.getByRole('alert');
		await expect.poll(() => alert.textContent()).toContain('Tulis tujuan membuka daftar ini, paling sedikit 10 karakter');
		expect(await alert.textContent()).toContain('Write why you open this list, at least 10 characters');
		expect(await purpose.inputValue()).toBe('cek');
		expect(await purpose.getAttribute('aria-invalid')).toBe('true');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await page.context().close();
	});
});

describe('the field verification loop', () => {
	it('exports a village form (XLSX and A4), refuses a wrongly filled one, publishes the right one, and the funnel, reasons and coverage follow; every step audited', async () => {
		const cookie = await signInCookie(server.url, 'rina');
		const before = await coverage(cookie);
		const page = await plannerPage(1280);
		await openList(page, VILLAGE);
		const count = Number((await page.getByRole('status').first().textContent())!.match(/^([\d.]+) rumah tangga/)![1]!.replaceAll('.', ''));
		expect(count).toBeGreaterThan(8);

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Formulir verifikasi (XLSX)' }).click()]);
		expect(download.suggestedFilename()).toBe(`formulir-verval-${PROGRAMME}-${VILLAGE}.xlsx`);
		const form = path.join(work, download.suggestedFilename());
		await download.saveAs(form);
		const book = new ExcelJS.Workbook();
		await book.xlsx.readFile(form);
		const sheet = book.worksheets[0]!;
		const header = (sheet.getRow(1).values as string[]).slice(1);
		expect(header.slice(0, 5)).toEqual(['Ref rumah tangga / Household ref', 'Kode desa / Village code', 'Kode program / Programme code', 'Periode / Period', 'Nama kepala keluarga / Head of household']);
		expect(header).toEqual(expect.arrayContaining(['Dusun / Hamlet', 'RT / RT', 'RW / RW', 'Daftar / On registers', 'Program diterima / Programmes received', 'Ditemukan (ya/tidak) / Found (yes/no)', 'Layak (ya/tidak) / Eligible (yes/no)', 'Alasan / Reason', 'Catatan / Note', 'Petugas / Officer', 'Tanggal verifikasi / Date checked']));
		expect(sheet.rowCount).toBe(count + 1);
		expect(String(book.worksheets[1]!.getRow(5).getCell(2).value)).toContain('RAHASIA');

		await page.getByRole('button', { name: 'Formulir cetak (A4)' }).click();
		await page.waitForURL(/\/cetak$/);
		const sheetOnPaper = page.getByRole('region', { name: /Formulir verifikasi dan validasi lapangan/ });
		expect(await sheetOnPaper.locator('tbody tr').count()).toBe(count);
		expect(await sheetOnPaper.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['Ditemukan (ya/tidak) / Found (yes/no)', 'Petugas / Officer']));
		await page.emulateMedia({ media: 'print' });
		expect(await page.getByRole('button', { name: 'Cetak' }).isVisible()).toBe(false);
		const pdf = await page.pdf({ preferCSSPageSize: true });
		// A4 landscape: 297 × 210 mm is 841.89 × 595.28 points.
		expect(pdf.toString('latin1')).toMatch(/MediaBox \[0 0 841\.9\d* 59[45]\.\d+\]/);
		await page.emulateMedia({ media: 'screen' });

		const col = (name: string) => header.findIndex((h) => h.startsWith(name)) + 1;
		const date = new Date(Date.UTC(2024, 11, 12));
		/** Fills row n (from 0) as an officer would; every fourth household was not visited. */
		const visit = (n: number, found: string, eligible: string | null, reason: string | null) => {
			const row = sheet.getRow(n + 2);
			row.getCell(col('Ditemukan')).value = found;
			if (eligible) row.getCell(col('Layak')).value = eligible;
			if (reason) row.getCell(col('Alasan')).value = reason;
			row.getCell(col('Petugas')).value = 'Budi Santoso';
			row.getCell(col('Tanggal verifikasi')).value = date;
		};
		const outcome = { eligible: 0, welfare: 0, missing: 0 };
		for (let n = 0; n < count; n++) {
			if (n % 4 === 0) {
				visit(n, 'ya', 'ya', null);
				outcome.eligible++;
			} else if (n % 4 === 1) {
				visit(n, 'ya', 'tidak', 'kesejahteraan membaik');
				outcome.welfare++;
			} else if (n % 4 === 2) {
				visit(n, 'tidak', null, 'tidak ditemukan di alamat');
				outcome.missing++;
			}
		}
		const good = path.join(work, 'formulir-terisi.xlsx');
		await book.xlsx.writeFile(good);
		visit(0, 'tidak', 'ya', 'pindah alamat');
		const wrong = path.join(work, 'formulir-salah.xlsx');
		await book.xlsx.writeFile(wrong);

		await page.getByRole('link', { name: '← Kembali ke daftar nama' }).click();
		await openList(page, VILLAGE);
		await page.getByRole('link', { name: 'Unggah formulir terisi' }).click();
		await page.waitForURL(/\/verval$/);
		const published = fs.readlinkSync(path.join(root, 'current'));
		await page.getByLabel(/Formulir terisi/).setInputFiles(wrong);
		await Promise.all([page.waitForURL(/\?\/check/, { timeout: 200_000 }), page.getByRole('button', { name: 'Periksa berkas' }).click()]);
		expect(await page.getByRole('alert').textContent()).toContain('Ditolak: 1 masalah');
		const problem = await page.locator('section[aria-labelledby=report] tbody tr').first().textContent();
		expect(problem).toContain('Rumah tangga tidak ditemukan tetapi ditandai layak.');
		expect(problem).toContain('The household was not found but is marked eligible.');
		expect(fs.readlinkSync(path.join(root, 'current'))).toBe(published);

		await page.getByLabel(/Formulir terisi/).setInputFiles(good);
		await Promise.all([page.waitForURL(/\?\/check/, { timeout: 200_000 }), page.getByRole('button', { name: 'Periksa berkas' }).click()]);
		const visited = outcome.eligible + outcome.welfare + outcome.missing;
		expect(await page.getByRole('status').textContent()).toContain(`Formulir lolos pemeriksaan: ${count} baris`);
		expect(await page.locator('section[aria-labelledby=report]').textContent()).toContain(`${PROGRAMME}: 0 → ${visited} rumah tangga`);
		await Promise.all([page.waitForURL(/\?\/publish/, { timeout: 300_000 }), page.getByRole('button', { name: 'Publikasikan' }).click({ timeout: 300_000 })]);
		expect(await page.getByRole('status').textContent()).toContain('Hasil verifikasi dipublikasikan');
		expect(fs.readlinkSync(path.join(root, 'current'))).not.toBe(published);

		await page.getByRole('link', { name: /Lihat corong dan alasan keluar/ }).click();
		await page.waitForURL(/section=funnel/);
		const funnel = page.locator('section[aria-labelledby=funnel]');
		const num = (n: number) => new Intl.NumberFormat('id-ID').format(n);
		await expect.poll(() => page.getByTestId('verval-counts').textContent()).toContain(`${num(visited)} rumah tangga diverifikasi: ${num(outcome.eligible)} layak, ${num(outcome.welfare + outcome.missing)} tidak layak`);
		expect(await funnel.getByRole('row', { name: /layak, menunggu penyaluran/ }).textContent()).toContain(num(outcome.eligible));
		expect(await funnel.getByRole('row', { name: /kesejahteraan membaik/ }).textContent()).toContain(num(outcome.welfare));
		expect(await funnel.getByRole('row', { name: /tidak ditemukan di alamat/ }).textContent()).toContain(num(outcome.missing));
		// Households found not eligible or not found leave the eligible count; so the exclusion error falls by as many.
		const after = await coverage(cookie);
		expect(after.eligible).toBe(before.eligible - outcome.welfare - outcome.missing);
		expect(after.exclusion).toBe(before.exclusion - outcome.welfare - outcome.missing);
		expect(await page.getByTestId('total-exclusion').textContent()).toContain(num(after.exclusion));

		const audit = (await auditActions()).filter((e) => e.filter.region === VILLAGE).map((e) => `${e.action}:${e.rows}`);
		expect(audit).toEqual([`byname.view:${count}`, `verval.form:${count}`, `verval.print:${count}`, `byname.view:${count}`, `verval.import:${count}`]);
		await page.context().close();
	}, 600_000);

	it('refuses the upload to roles that do not import forms, and an agency officer never sees it offered', async () => {
		const dinsos = await signInCookie(server.url, 'dinsos.ktb');
		expect((await get(`/daftar/${VILLAGE}/verval`, dinsos)).status).toBe(403);
		const list = await fetch(`${server.url}/daftar/${VILLAGE}`, {
			method: 'POST',
			headers: { cookie: dinsos, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ program: PROGRAMME, daftar: 'unreached', purpose: PURPOSE })
		});
		expect(list.status).toBe(200);
		expect(await list.text()).not.toContain(`/daftar/${VILLAGE}/verval`);
	});
});
