import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { openStore } from '../../src/lib/server/auth/store';
import { sampleFile } from '../../src/lib/server/importer/samples';
import { KEY, householdsCsv, publishedDigest } from '../importer';
import { SnapshotDatabase } from '../../src/lib/server/db';
import { currentSnapshotDir, publishSnapshot } from '../../src/lib/server/snapshot/store';
import { launchBrowser, repoRoot, startServer, type RunningServer } from './harness';

/**
 * The admin upload page against the built server, on a copy of the demo snapshot in a temporary
 * data folder, with its own accounts database: an admin uploads real BPS figures and sees them in
 * the leaders' overview; a file with mangled NIKs is rejected with every problem and a rejects file.
 */
const FIXTURES = path.join(repoRoot, 'tests/fixtures/import');
const PASSWORD = 'import-test-password-1';

let server: RunningServer;
let browser: Browser;
let work: string;
let root: string;

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-e2e-import-'));
	root = path.join(work, 'data');
	const demo = currentSnapshotDir(path.join(repoRoot, 'data'));
	if (!demo) throw new Error('run npm run data:demo first');
	fs.cpSync(demo, path.join(root, 'snapshots', path.basename(demo)), { recursive: true });
	publishSnapshot(root, path.basename(demo));
	const store = openStore(path.join(work, 'state', 'tepat.sqlite'));
	await createAccount(store, { username: 'admin-impor', password: PASSWORD, role: 'admin', scope: 'ID' });
	await createAccount(store, { username: 'perencana', password: PASSWORD, role: 'planner', scope: '64.02' });
	await store.close();
	// adapter-node takes the protocol to be https unless a proxy header says otherwise; the Origin check of form posts compares against it.
	server = await startServer({ dataDir: root, env: { PROTOCOL_HEADER: 'x-forwarded-proto', TEPAT_STATE_DIR: path.join(work, 'state'), TEPAT_HMAC_KEY: KEY, BODY_SIZE_LIMIT: '100M' } });
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	fs.rmSync(work, { recursive: true, force: true });
});

/** Submits the form's button and waits for the report: a long check shows its progress first, then the page fetches the report. */
async function submitAndWaitForReport(page: Page, button: string, timeout = 120_000) {
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST', { timeout }), page.getByRole('button', { name: button, exact: true }).click()]);
	await page.locator('section[aria-labelledby=report]').waitFor({ timeout });
}

async function signIn(username: string): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 360, height: 800 }, extraHTTPHeaders: { 'x-forwarded-proto': 'http' } });
	await page.goto(`${server.url}/masuk`);
	await page.getByLabel('Nama pengguna').fill(username);
	await page.getByLabel('Kata sandi').fill(PASSWORD);
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/masuk')), page.getByRole('button', { name: 'Masuk', exact: true }).click()]);
	return page;
}

it('an admin uploads BPS poverty figures, sees the whole-file check, publishes, and Kutai Kartanegara\'s trajectory shows them', async () => {
	// The demo snapshot already holds calibrated synthetic figures; the upload names its publication, so the page shows which one it reads.
	const SOURCE = 'BPS, Data dan Informasi Kemiskinan Kabupaten/Kota 2024';
	const file = path.join(work, 'bps-kemiskinan-2024.csv');
	fs.writeFileSync(file, fs.readFileSync(path.join(FIXTURES, 'bps-kemiskinan-kukar-bangka.csv'), 'utf8').replaceAll('BPS, Susenas Maret', SOURCE));
	const page = await signIn('admin-impor');
	await page.goto(`${server.url}/admin/import`);
	await page.getByLabel('Jenis data').selectOption('official_indicators');
	await page.getByLabel('Berkas (CSV, XLSX atau Parquet)').setInputFiles(file);
	const before = fs.readlinkSync(path.join(root, 'current'));
	await submitAndWaitForReport(page, 'Periksa berkas');
	// The snapshot holds these figures from another source: refused unless the admin asks to replace them.
	const problems = await page.locator('section[aria-labelledby=report] table').first().textContent();
	expect(await page.getByRole('alert').textContent(), problems ?? '').toContain('Ditolak: 8 masalah');
	expect(problems).toContain('DUPLICATE_IN_SNAPSHOT');
	// The problem names the stored figure and its source, and how to replace it.
	expect(problems).toContain('tersimpan / stored: 7.99 (BPS, Susenas Maret)');
	expect(problems).toContain('--replace');
	await page.getByLabel('Jenis data').selectOption('official_indicators');
	await page.getByLabel('Ganti angka resmi dari sumber lain').check();
	await page.getByLabel('Berkas (CSV, XLSX atau Parquet)').setInputFiles(file);
	await submitAndWaitForReport(page, 'Periksa berkas');
	const check = page.getByTestId('whole-file-check');
	expect(await check.textContent()).toContain('Baris dalam berkas: 8');
	expect(await check.textContent()).toContain('Periode 2024: 6');
	// Nothing is published by the check.
	expect(fs.readlinkSync(path.join(root, 'current'))).toBe(before);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	await submitAndWaitForReport(page, 'Publikasikan');
	expect(await page.locator('section[aria-labelledby=report]').getByRole('status').first().textContent()).toMatch(/Dipublikasikan: snapshot .*import-official_indicators/);
	expect(fs.readlinkSync(path.join(root, 'current'))).not.toBe(before);

	// The server re-reads `current` at most a second later.
	await new Promise((r) => setTimeout(r, 1500));
	await page.goto(`${server.url}/ringkasan/64.02`);
	const panel = page.locator('.card').filter({ has: page.locator('figcaption', { hasText: 'Persentase penduduk miskin BPS (% penduduk) — Kabupaten Kutai Kartanegara' }) });
	expect(await panel.textContent()).toContain(SOURCE);
	await panel.getByRole('button', { name: 'Tampilkan tabel' }).click();
	const observed = await panel.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.children[0]?.textContent, r.children[1]?.textContent]));
	// At the precision BPS publishes: 7,28%, never rounded to 7,3%.
	expect(observed).toEqual(expect.arrayContaining([['2021', '7,99%'], ['2023', '7,61%'], ['2024', '7,28%']]));
	await page.close();
}, 240_000);

it('rejects mangled NIKs and a formula cell row by row, offers the rejects file, and publishes nothing', async () => {
	const page = await signIn('admin-impor');
	await page.goto(`${server.url}/admin/import`);
	await page.getByLabel('Jenis data').selectOption('households');
	await page.getByLabel('Register (untuk rumah tangga)').selectOption('dtks');
	await page.getByLabel('Berkas (CSV, XLSX atau Parquet)').setInputFiles(path.join(FIXTURES, 'households-dtks-errors.csv'));
	const before = publishedDigest(root);
	await submitAndWaitForReport(page, 'Periksa berkas');
	expect(await page.getByRole('alert').textContent()).toContain('Ditolak: 9 masalah');
	const rows = page.locator('section[aria-labelledby=report] table').first().locator('tbody tr');
	expect(await rows.first().textContent()).toContain('notasi ilmiah');
	expect(await rows.first().textContent()).toContain('scientific notation');
	expect(await rows.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^6head_nameFORMULA_INJECTION/)]));
	expect(await page.getByRole('button', { name: 'Publikasikan' }).count()).toBe(0);

	const href = await page.getByRole('link', { name: 'Unduh berkas penolakan (CSV)' }).getAttribute('href');
	const rejects = await page.evaluate(async (url) => (await fetch(url)).text(), href as string);
	expect(rejects.split('\n')[0]).toBe('file,row,column,code,pesan,message,value');
	expect(rejects).toContain('ID_SCIENTIFIC');
	expect(rejects).not.toContain('6402130101150001');
	expect(publishedDigest(root)).toBe(before);
	await page.close();
});

it('serves templates to signed-in officers, and keeps the upload page to admins', async () => {
	const page = await signIn('perencana');
	const template = await page.evaluate(async (url) => {
		const res = await fetch(url);
		return { type: res.headers.get('content-type'), text: await res.text() };
	}, '/admin/import/template/households');
	expect(template.type).toContain('text/csv');
	expect(template.text.split('\n')[0]).toMatch(/^no_kk,nik_kepala,nama_kepala,kode_desa,periode,desil/);
	const xlsx = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-type'), '/admin/import/template/child_growth?format=xlsx');
	expect(xlsx).toContain('spreadsheetml');
	const res = await page.goto(`${server.url}/admin/import`);
	expect(res?.status()).toBe(403);
	await page.close();
	const anonymous = await fetch(`${server.url}/admin/import/template/households`, { redirect: 'manual' });
	expect(anonymous.status).toBe(303);
});

it('a newcomer maps a P3KE sample on the page (a year for every row), saves the mapping as a profile, publishes, reuses the profile on a second file, and rolls back', async () => {
	const page = await signIn('admin-impor');
	await page.goto(`${server.url}/admin/import`);
	// The sample offered on the page is the synthetic P3KE export.
	const href = await page.getByRole('link', { name: 'Register rumah tangga (DTKS, P3KE, DTSEN, KRS)' }).first().getAttribute('href');
	expect(href).toBe('/admin/import/sample/households');
	const offered = await page.evaluate(async (url) => (await fetch(url)).text(), href as string);
	const sample = sampleFile('households');
	expect(offered).toBe(sample.text);
	const file = path.join(work, sample.fileName);
	fs.writeFileSync(file, offered);

	await page.getByLabel('Jenis data').selectOption('households');
	await page.getByLabel('Register (untuk rumah tangga)').selectOption('p3ke');
	await page.getByLabel('Berkas (CSV, XLSX atau Parquet)').setInputFiles(file);
	await submitAndWaitForReport(page, 'Periksa berkas');
	// The year is missing: one header problem, no value problem; the mapping step shows what each column became.
	expect(await page.getByRole('alert').textContent()).toContain('Ditolak: 1 masalah');
	const mapping = page.getByTestId('mapping');
	expect(await mapping.getByLabel('No. KK').locator('option:checked').textContent()).toContain('no_kk');
	expect(await mapping.locator('tr', { hasText: 'Penerima BPNT' }).textContent()).toContain('diabaikan');
	await mapping.getByLabel(/Nilai tetap untuk periode/).fill('2024');
	await mapping.getByLabel('Simpan pemetaan sebagai profil (nama, opsional)').fill('P3KE uji');
	await submitAndWaitForReport(page, 'Periksa ulang dengan pemetaan ini');
	const report = page.locator('section[aria-labelledby=report]');
	expect(await report.textContent()).toContain('Profil "P3KE uji" disimpan.');
	expect(await report.textContent()).toContain('Pemeriksaan berkas lolos');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	const before = fs.readlinkSync(path.join(root, 'current'));
	await submitAndWaitForReport(page, 'Publikasikan');
	expect(await report.getByRole('status').first().textContent()).toMatch(/Dipublikasikan: snapshot .*import-households/);

	// A second file of the same layout: the saved profile maps it without being chosen.
	const second = path.join(work, 'p3ke-kedua.csv');
	fs.writeFileSync(second, sample.text.replaceAll('Jl. Contoh', 'Jalan Contoh'));
	await page.goto(`${server.url}/admin/import`);
	expect(await page.getByLabel('Profil pemetaan kolom').locator('option').allTextContents()).toContain('P3KE uji');
	await page.getByLabel('Jenis data').selectOption('households');
	await page.getByLabel('Register (untuk rumah tangga)').selectOption('p3ke');
	await page.getByLabel('Berkas (CSV, XLSX atau Parquet)').setInputFiles(second);
	await submitAndWaitForReport(page, 'Periksa berkas');
	expect(await report.textContent()).toContain('Profil: P3KE uji');
	expect(await report.textContent()).toContain('Pemeriksaan berkas lolos');

	// Roll back to the snapshot before the sample.
	await page.goto(`${server.url}/admin/import`);
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: `Kembalikan ke snapshot ini ${path.basename(before)}` }).click()]);
	await page.waitForLoadState();
	expect(fs.readlinkSync(path.join(root, 'current'))).toBe(before);
	await page.close();
}, 300_000);

// 1.2 M rows: the check must still be running when the cancel arrives, even on a loaded machine (400,000 rows sometimes finished first).
it('a large file shows its stage, rows read and time left while it is checked, and can be cancelled', async () => {
	const big = householdsCsv(path.join(work, 'dtks-besar.csv'), [...Array(1_200_000).keys()]);
	const page = await signIn('admin-impor');
	await page.goto(`${server.url}/admin/import`);
	await page.getByLabel('Jenis data').selectOption('households');
	await page.getByLabel('Register (untuk rumah tangga)').selectOption('dtks');
	await page.getByLabel('Berkas (CSV, XLSX atau Parquet)').setInputFiles(big);
	const before = publishedDigest(root);
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Periksa berkas' }).click()]);
	const progress = page.getByTestId('progress');
	await progress.waitFor();
	await page.waitForFunction(() => /Baris terbaca\s*[1-9]/.test(document.querySelector('[data-testid=progress]')?.textContent ?? ''), undefined, { timeout: 60_000 });
	expect(await progress.textContent()).toMatch(/Tahap\s*(membaca berkas|memeriksa nilai|menggabungkan)/);
	expect(await progress.textContent()).toContain('Perkiraan sisa waktu');
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), progress.getByRole('button', { name: 'Batalkan' }).click()]);
	await page.waitForLoadState();
	expect(await page.getByRole('status').first().textContent()).toContain('Dibatalkan; tidak ada yang dipublikasikan.');
	expect(publishedDigest(root)).toBe(before);
	expect(fs.existsSync(path.join(root, 'staging')) ? fs.readdirSync(path.join(root, 'staging')) : []).toEqual([]);
	await page.close();
}, 180_000);

/** Rows of the published snapshot's households, per regency, that match `where`. */
async function householdsPerRegency(where: string, params: (string | number)[] = []): Promise<Record<string, number>> {
	const db = await SnapshotDatabase.open(path.join(root, 'current'));
	try {
		const rows = await db.query<{ regency: string; n: number }>(`SELECT substr(village_code, 1, 5) AS regency, count(*)::INTEGER AS n FROM households WHERE ${where} GROUP BY 1 ORDER BY 1`, params);
		return Object.fromEntries(rows.map((r) => [r.regency, r.n]));
	} finally {
		db.close();
	}
}
const dtksPerRegency = (period: number) => householdsPerRegency('in_dtks AND period = $1', [period]);

it('a one-village register file replaces only its village; a wider replacement is named on the form, flagged in the check and needs each region confirmed', async () => {
	const file = householdsCsv(path.join(work, 'dtks-satu-desa.csv'), [2, 4], 2024);
	const village = '64.02.13.1009';
	const page = await signIn('admin-impor');
	const upload = async (scope: string) => {
		await page.goto(`${server.url}/admin/import`);
		await page.getByLabel('Jenis data').selectOption('households');
		await page.getByLabel('Register (untuk rumah tangga)').selectOption('dtks');
		await page.getByLabel(/^Ganti seluruh wilayah/).fill(scope);
		await page.getByLabel('Berkas (CSV, XLSX atau Parquet)').setInputFiles(file);
		await submitAndWaitForReport(page, 'Periksa berkas');
	};
	const before = await dtksPerRegency(2024);
	const inVillage = (await householdsPerRegency('in_dtks AND period = 2024 AND village_code = $1', [village]))['64.02'] ?? 0;
	// Every household row outside the village, whichever registers hold it (the demo's population outside the registers too).
	const elsewhere = () => householdsPerRegency('village_code <> $1', [village]);
	const elsewhereBefore = await elsewhere();

	// Default: the file's village and period only; nothing to confirm, every other regency untouched.
	await upload('');
	expect(await page.locator('section[aria-labelledby=report]').textContent()).toContain('Yang diganti: hanya desa × periode');
	expect(await page.getByText(/Lebih dari 10% baris/).count()).toBe(0);
	await submitAndWaitForReport(page, 'Publikasikan');
	await new Promise((r) => setTimeout(r, 1500));
	const afterVillage = await dtksPerRegency(2024);
	expect(afterVillage['64.02']).toBe(before['64.02']! - inVillage + 2);
	for (const [regency, n] of Object.entries(before)) if (regency !== '64.02') expect(afterVillage[regency], regency).toBe(n);
	expect(await elsewhere()).toEqual(elsewhereBefore);

	// Named on the form: Kutai Kartanegara's whole DTKS 2024 becomes these two households, so the check flags the regency and the publish needs it confirmed.
	await upload('64.02');
	const changes = page.getByTestId('changes');
	expect(await changes.locator('tr.flag').textContent()).toContain('64.02 Kabupaten Kutai Kartanegara');
	const confirm = page.getByLabel('Konfirmasi penghapusan di 64.02 Kabupaten Kutai Kartanegara');
	await page.getByRole('button', { name: 'Publikasikan', exact: true }).click();
	// The browser keeps the form until the region is ticked; nothing is published.
	expect(await confirm.evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
	expect(await dtksPerRegency(2024)).toEqual(afterVillage);
	await confirm.check();
	await submitAndWaitForReport(page, 'Publikasikan');
	await new Promise((r) => setTimeout(r, 1500));
	const afterRegency = await dtksPerRegency(2024);
	expect(afterRegency['64.02']).toBe(2);
	for (const [regency, n] of Object.entries(before)) if (regency !== '64.02') expect(afterRegency[regency], regency).toBe(n);
	await page.close();
}, 240_000);
