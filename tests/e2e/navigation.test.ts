import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { serverAndBrowserFor, signedInPage, type TestAccount } from './accounts';

/**
 * Finding the way without typing a URL: the menu per role, the signed-in home, the region page's
 * trail and links, and refusals that explain themselves inside the site's layout.
 */
const ACCOUNTS: TestAccount[] = [
	{ username: 'rina', role: 'planner', scope: '63.02' },
	{ username: 'bupati', role: 'viewer', scope: '63.02' },
	{ username: 'camat', role: 'district', scope: '63.02.01' },
	{ username: 'admin', role: 'admin', scope: 'ID' },
	{ username: 'admin-ktb', role: 'admin', scope: '63.02' }
];
const { server, browser } = serverAndBrowserFor(ACCOUNTS);

/** The titles of `+error.svelte`: a menu item must never lead to one. */
const ERROR_TITLES = /Halaman tidak ditemukan|Tidak tersedia untuk peran|Di luar cakupan|Silakan masuk|Hanya untuk administrator|Terjadi kesalahan/;
const menu = (page: Page) => page.getByRole('navigation', { name: /^(Navigasi utama|Main navigation)$/ });
const menuItems = (page: Page) => menu(page).getByRole('link').allTextContents();
const open = async (who: string | null, width = 1280): Promise<Page> => {
	const page = who ? await signedInPage(browser(), server().url, who, { viewport: { width, height: 800 } }) : await browser().newPage({ viewport: { width, height: 800 } });
	await page.goto(server().url + '/');
	return page;
};

describe('the menu', () => {
	const EXPECTED: [string | null, string[]][] = [
		[null, ['Beranda', 'Data publik', 'Istilah']],
		['bupati', ['Beranda', 'Wilayah saya', 'Peta', 'Ringkasan', 'Istilah']],
		// A regency has a by-name list since the lists became a field tool (/daftar takes regency codes): a planner and a
		// regional administrator of Kotabaru may open it (docs/access.md), a viewer and the national administrator may not.
		['rina', ['Beranda', 'Wilayah saya', 'Peta', 'Ringkasan', 'Meja kerja', 'Daftar nama', 'Istilah']],
		['camat', ['Beranda', 'Wilayah saya', 'Peta', 'Ringkasan', 'Meja kerja', 'Daftar nama', 'Istilah']],
		['admin-ktb', ['Beranda', 'Wilayah saya', 'Peta', 'Ringkasan', 'Meja kerja', 'Daftar nama', 'Admin', 'Istilah']],
		['admin', ['Beranda', 'Wilayah saya', 'Peta', 'Ringkasan', 'Meja kerja', 'Admin', 'Istilah']]
	];

	it.each(EXPECTED)('holds for %s only what the account may open, and every item opens by clicking', async (who, items) => {
		const page = await open(who);
		expect((await menuItems(page)).map((t) => t.trim())).toEqual(items);
		for (const item of items) {
			await page.goto(server().url + '/');
			const link = menu(page).getByRole('link', { name: item, exact: true });
			const href = (await link.getAttribute('href'))!;
			await link.click();
			await page.waitForURL(server().url + href);
			const heading = await page.locator('h1').first().textContent();
			expect(heading, `${who} ${item}`).not.toMatch(ERROR_TITLES);
			expect(await menu(page).getByRole('link', { name: item, exact: true }).getAttribute('aria-current'), `${who} ${item}`).toBe('page');
		}
		await page.context().close();
	});

	it('sends a regional administrator to imports and a national one to accounts', async () => {
		for (const [who, href] of [['admin-ktb', '/admin/import'], ['admin', '/admin']] as const) {
			const page = await open(who);
			expect(await menu(page).getByRole('link', { name: 'Admin' }).getAttribute('href')).toBe(href);
			await page.context().close();
		}
	});

	it('folds behind a Menu button at 360 px that the keyboard opens and Escape closes, without widening the page', async () => {
		const page = await open('rina', 360);
		const button = page.getByRole('button', { name: /Menu/ });
		// The button appears once the page runs: without JavaScript the menu stays open.
		await button.waitFor();
		expect(await menu(page).isVisible()).toBe(false);
		expect(await button.getAttribute('aria-expanded')).toBe('false');
		// Skip link, brand, then the menu button.
		for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
		expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
		await page.keyboard.press('Enter');
		expect(await button.getAttribute('aria-expanded')).toBe('true');
		expect(await menu(page).getByRole('link', { name: 'Meja kerja' }).isVisible()).toBe(true);
		await page.keyboard.press('Escape');
		expect(await menu(page).isVisible()).toBe(false);
		expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
		await button.click();
		await menu(page).getByRole('link', { name: 'Ringkasan' }).click();
		await page.waitForURL(/\/ringkasan\/63\.02$/);
		expect(await menu(page).isVisible()).toBe(false);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await page.context().close();
	});

	it('offers a skip link to the page content as the first stop', async () => {
		const page = await open(null);
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Langsung ke isi halaman' });
		expect(await skip.evaluate((a) => a === document.activeElement)).toBe(true);
		await page.keyboard.press('Enter');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('isi');
		await page.close();
	});
});

describe('home', () => {
	it('is the account’s own region with its key figures, trail and places once signed in', async () => {
		const page = await open('rina');
		expect(await page.locator('h1').textContent()).toBe('Kabupaten Kotabaru');
		const trail = page.getByRole('navigation', { name: 'Jejak wilayah' });
		expect(await trail.getByRole('link').allTextContents()).toEqual(['Indonesia', 'Kalimantan Selatan']);
		const figures = page.getByRole('region', { name: 'Angka kunci' }).getByRole('listitem');
		expect(await figures.count()).toBeGreaterThanOrEqual(5);
		expect(await figures.first().textContent()).toMatch(/Rumah tangga miskin ekstrem/);
		await page.getByRole('navigation', { name: 'Untuk wilayah ini' }).getByRole('link', { name: /^Meja kerja/ }).click();
		await page.waitForURL(/\/perencanaan\/63\.02$/);
		await page.context().close();
	});

	it('is the region search for a signed-out visitor', async () => {
		const page = await open(null);
		expect(await page.getByRole('search').count()).toBe(1);
		expect(await page.getByText('Angka kunci').count()).toBe(0);
		await page.close();
	});
});

describe('region pages', () => {
	it('lead a village’s officer down the trail and to the map, brief, workbench and list of the village', async () => {
		const page = await open('camat');
		await page.getByRole('navigation', { name: 'Untuk wilayah ini' }).getByRole('link', { name: /^Wilayah saya/ }).click();
		await page.getByRole('link', { name: 'Labuan Barat' }).click();
		await page.waitForURL(/\/wilayah\/63\.02\.01\.2001/);
		const trail = page.getByRole('navigation', { name: 'Jejak wilayah' });
		expect(await trail.getByRole('link').allTextContents()).toEqual(['Indonesia', 'Kalimantan Selatan', 'Kabupaten Kotabaru', 'Pulau Sembilan']);
		const places = page.getByRole('navigation', { name: 'Untuk wilayah ini' }).getByRole('link');
		const hrefs = await places.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		expect(hrefs.map((h) => h!.split('?')[0])).toEqual(['/peta/63.02.01', '/ringkasan/63.02.01.2001', '/perencanaan/63.02.01.2001', '/daftar/63.02.01.2001']);
		expect(hrefs[0]).toContain('sel=63.02.01.2001');
		await trail.getByRole('link', { name: 'Kabupaten Kotabaru' }).click();
		await page.waitForURL(/\/wilayah\/63\.02\?/);
		// The regency is outside the officer's district: the public view, and no working links.
		expect(await page.getByRole('navigation', { name: 'Untuk wilayah ini' }).count()).toBe(0);
		await page.context().close();
	});

	it('show a regent the map and brief of the regency but no workbench or lists', async () => {
		const page = await open('bupati');
		await page.goto(server().url + '/wilayah/63.02');
		const names = await page.getByRole('navigation', { name: 'Untuk wilayah ini' }).getByRole('link').locator('strong').allTextContents();
		expect(names).toEqual(['Peta', 'Ringkasan']);
		await page.context().close();
	});
});

describe('refusals', () => {
	it('say in the site layout which role or scope stands in the way, and lead back', async () => {
		const page = await open('bupati');
		const res = await page.goto(server().url + '/perencanaan/63.02');
		expect(res?.status()).toBe(403);
		expect(await menu(page).count()).toBe(1);
		expect(await page.locator('main').textContent()).toContain('Akun bupati berperan Pimpinan (lihat saja)');
		await page.getByRole('link', { name: 'Wilayah akun Anda: Kabupaten Kotabaru (63.02)' }).click();
		await page.waitForURL(/\/wilayah\/63\.02$/);

		const scope = await page.goto(server().url + '/ringkasan/19.01');
		expect(scope?.status()).toBe(403);
		expect(await page.locator('main').textContent()).toContain('mencakup wilayah Kabupaten Kotabaru (63.02) saja');
		await page.context().close();
	});

	it('answer a malformed code or an unknown page with 404 inside the layout, for the national administrator too', async () => {
		const page = await open('admin');
		for (const path of ['/peta/abc', '/wilayah/63.2', '/tidak-ada']) {
			const res = await page.goto(server().url + path);
			expect(res?.status(), path).toBe(404);
			expect(await page.locator('h1').textContent(), path).toBe('Halaman tidak ditemukan');
			expect(await menu(page).getByRole('link', { name: 'Beranda' }).count(), path).toBe(1);
		}
		await page.context().close();
	});
});
