import { unflatten } from 'devalue';
import { expect, it } from 'vitest';
import { SnapshotDatabase } from '../../src/lib/server/db';
import { serverAndBrowserFor, signedInContext, signInCookie } from './accounts';
import { repoRoot } from './harness';

const env = serverAndBrowserFor([
	{ username: 'pimpinan.uji', role: 'viewer', scope: 'ID' },
	// A regent's office: Kutai Kartanegara only.
	{ username: 'bupati.kukar', role: 'viewer', scope: '64.02' }
]);

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
	// The national Perpres 72/2021 target (14% by 2024) was missed, and says so.
	expect(rows[3]).toContain('Target 2024 14% (Perpres 72/2021): tidak tercapai — 19,8%');
	expect(page.url()).toContain('w=64.02,63.02,19.01,ID,64');
	await expect.poll(() => page.locator('section.card canvas').count()).toBeGreaterThanOrEqual(4);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	await page.getByRole('link', { name: 'Hapus Kabupaten Bangka dari perbandingan' }).click();
	await expect.poll(() => page.url()).toContain('w=64.02,63.02,ID&');
	await expect.poll(() => summary.locator('tbody tr').count()).toBe(3);
	await context.close();
});

it('adds a region picked by name, then keeps the indicator and date of the form in the URL', async () => {
	const server = env.server();
	const context = await signedInContext(env.browser(), server.url, 'pimpinan.uji', { viewport: { width: 1024, height: 800 } });
	const page = await context.newPage();
	await page.goto(server.url + '/bandingkan?w=64.02');
	// Hydration sets a select back to the server's option (only bound text fields keep what was typed): wait for it.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Cari wilayah menurut nama').fill('Kotabaru');
	await page.getByRole('button', { name: 'Cari', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah Kabupaten Kotabaru' }).click();
	await expect.poll(() => page.url()).toContain('w=64.02,63.02');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Indikator', { exact: true }).selectOption('extreme_poverty_rate');
	await page.getByLabel('Tanggal evaluasi').fill('2024-06-01');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect.poll(() => page.url()).toContain('date=2024-06-01');
	expect(page.url()).toContain('w=64.02%2C63.02');
	expect(page.url()).toContain('indicator=extreme_poverty_rate');
	// In mid-2024 the target in force is still Inpres 4/2022 (0% by 2024).
	const rows = await page.locator('table.summary tbody tr').allTextContents();
	expect(rows).toHaveLength(2);
	for (const r of rows) expect(r).toContain('Inpres 4/2022');
	await context.close();
});

it("keeps the name and date a reader on a slow phone typed before the page's script ran", async () => {
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
	const search = page.getByLabel('Cari wilayah menurut nama');
	await search.fill('Bangka');
	await page.getByLabel('Tanggal evaluasi').fill('2024-06-01');
	release();
	// Every script loaded and run: the page has hydrated over the typed values.
	await page.waitForLoadState('networkidle');
	expect(await search.inputValue()).toBe('Bangka');
	expect(await page.getByLabel('Tanggal evaluasi').inputValue()).toBe('2024-06-01');
	await page.getByRole('button', { name: 'Cari', exact: true }).click();
	await expect.poll(() => page.url()).toContain('q=Bangka');
	expect(await page.getByRole('link', { name: 'Tambah Kabupaten Bangka', exact: true }).count()).toBe(1);
	await context.close();
});

/** The unsuppressed register counts of a region in its latest period, read straight from the snapshot. */
async function fullCounts(code: string): Promise<{ period: number; extreme: number; households: number }> {
	const db = await SnapshotDatabase.open(`${repoRoot}data/current`);
	try {
		const [row] = await db.query<{ period: number; extreme: number; households: number }>(
			'SELECT period::INTEGER AS period, extreme_poor_hh::INTEGER AS extreme, households::INTEGER AS households FROM region_values WHERE region_code = $1 ORDER BY period DESC LIMIT 1',
			[code]
		);
		return row!;
	} finally {
		db.close();
	}
}

it('lets a regent compare two of his own districts with full register shares and counts, and pick a peer regency by name', async () => {
	const server = env.server();
	const context = await signedInContext(env.browser(), server.url, 'bupati.kukar', { viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	// From the brief, as a regent goes: its own comparison link answers (it was a 403 for every regional account).
	await page.goto(server.url + '/ringkasan/64.02');
	await page.getByRole('link', { name: 'Bandingkan dengan wilayah lain' }).click();
	await expect.poll(() => page.locator('h1').textContent()).toBe('Bandingkan wilayah');
	expect(await page.locator('table.summary tbody tr').count()).toBeGreaterThan(0);

	await page.goto(server.url + '/bandingkan?w=64.02.13,64.02.01');
	expect(await page.getByText('angka publik').count()).toBe(0);
	const rows = page.locator('table tbody tr');
	expect(await rows.count()).toBe(2);
	const samboja = await fullCounts('64.02.13');
	const row = (await rows.first().locator('td').allTextContents()).map((t) => t.trim());
	expect(row[0]).toBe('Samboja (Kecamatan)');
	expect(row[1]).toBe(`${((100 * samboja.extreme) / samboja.households).toFixed(1).replace('.', ',')}% (${samboja.period})`);
	expect(row[2]).toBe(samboja.extreme.toLocaleString('id-ID'));
	expect(row[3]).toBe(samboja.households.toLocaleString('id-ID'));
	expect(await page.getByText('tidak ada data').count()).toBe(0);
	await expect.poll(() => page.locator('figure canvas').count()).toBeGreaterThan(0);

	// A peer regency, picked by name: the comparison switches to the public figures for every column.
	await page.goto(server.url + '/bandingkan?w=64.02&indicator=extreme_poor_share');
	await page.getByLabel('Cari wilayah menurut nama').fill('Bangka');
	await page.getByRole('button', { name: 'Cari', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah Kabupaten Bangka', exact: true }).click();
	await expect.poll(() => page.url()).toContain('w=64.02,19.01');
	expect(await page.getByText('di luar cakupan akun Anda').count()).toBe(1);
	expect(await page.locator('table tbody tr').allTextContents()).toEqual([expect.stringContaining('Kabupaten Kutai Kartanegara'), expect.stringContaining('Kabupaten Bangka')]);
	// Outside the scope only public and official indicators are offered.
	const offered = await page.getByLabel('Indikator', { exact: true }).locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
	expect(offered).toEqual(expect.arrayContaining(['extreme_poverty_rate', 'extreme_poor_share', 'stunted_share_eppgbm']));
	expect(offered).not.toContain('extreme_poor_coverage');
	await context.close();
});

it("shows a regent a peer's villages only as the public sees them: hidden counts stay hidden, nothing more than a signed-out visitor gets", async () => {
	const server = env.server();
	const db = await SnapshotDatabase.open(`${repoRoot}data/current`);
	let hidden: { code: string; extreme: number }[];
	try {
		// Bangka villages whose latest extreme-poor count the public table hides, with the count it hides.
		hidden = await db.query<{ code: string; extreme: number }>(
			`SELECT p.region_code AS code, v.extreme_poor_hh::INTEGER AS extreme FROM public_region_values p
			JOIN region_values v ON v.region_code = p.region_code AND v.period = p.period
			WHERE p.level = 'village' AND starts_with(p.region_code, '19.01.') AND p.programme_code = '' AND p.measure = 'extreme_poor_hh'
				AND p.value IS NULL AND p.period = (SELECT max(period) FROM public_region_values)
			ORDER BY p.region_code LIMIT 2`
		);
	} finally {
		db.close();
	}
	expect(hidden).toHaveLength(2);
	const path = `/bandingkan?w=${hidden.map((h) => h.code).join(',')}&indicator=extreme_poor_share&date=2025-06-01`;
	const cookie = await signInCookie(server.url, 'bupati.kukar');
	const data = async (who: string | null) => {
		const res = await fetch(`${server.url}/bandingkan/__data.json${path.slice('/bandingkan'.length)}`, { headers: who ? { cookie: who } : {} });
		const body = (await res.json()) as { nodes: ({ data?: unknown[] } | null)[] };
		// The page's own node, without the one flag that says whether someone is signed in.
		const page = unflatten(body.nodes[1]!.data!) as Record<string, unknown>;
		delete page.signedIn;
		return JSON.stringify(page);
	};
	expect(await data(cookie)).toBe(await data(null));

	const context = await signedInContext(env.browser(), server.url, 'bupati.kukar', { viewport: { width: 360, height: 800 } });
	const page = await context.newPage();
	await page.goto(server.url + path);
	const cells = await page.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())));
	expect(cells).toHaveLength(2);
	for (const [i, c] of cells.entries()) {
		expect(c[2], hidden[i]!.code).toBe('disembunyikan');
		expect(c[1]).toMatch(/^disembunyikan/);
	}
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await context.close();
});
