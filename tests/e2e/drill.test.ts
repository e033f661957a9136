import { expect, it } from 'vitest';
import { withServerAndBrowser } from './setup';

const env = withServerAndBrowser();

it('drills from a province to a village through the public tables, keeping the indicator in the URL', async () => {
	const page = await env.browser.newPage({ viewport: { width: 360, height: 800 } });
	await page.goto(env.server.url + '/');
	await page.getByLabel('Cari wilayah (nama atau kode)').fill('Kalimantan Timur');
	await page.getByRole('button', { name: 'Cari' }).click();
	await page.getByRole('link', { name: 'Kalimantan Timur' }).first().click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toContain('Kalimantan Timur');
	await page.waitForLoadState('networkidle');

	await page.getByLabel('Indikator').selectOption('krs_families');
	await expect.poll(() => page.url(), { timeout: 20_000 }).toContain('indicator=krs_families');

	await page.getByRole('link', { name: 'Kabupaten Kutai Kartanegara' }).click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toContain('Kutai Kartanegara');
	await page.getByRole('link', { name: 'Samboja', exact: true }).click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toContain('Samboja');
	expect(page.url()).toContain('indicator=krs_families');
	const row = page.getByRole('row').filter({ hasText: 'Wonotirto' });
	await expect.poll(() => row.locator('td.num').textContent(), { timeout: 20_000 }).toMatch(/^(\d[\d.]*|disembunyikan)$/);
	await row.getByRole('link', { name: 'Wonotirto' }).click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toContain('Wonotirto');

	// Signed out, every step is the public view of the same page.
	expect(await page.getByText('Tampilan publik').count()).toBe(1);
	const crumbs = await page.getByRole('navigation', { name: 'Jejak wilayah' }).getByRole('link').allTextContents();
	expect(crumbs).toEqual(['Indonesia', 'Kalimantan Timur', 'Kabupaten Kutai Kartanegara', 'Samboja']);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	await page.getByRole('button', { name: 'Tampilkan tabel' }).click();
	expect(await page.getByRole('table').filter({ hasText: 'Periode' }).getByRole('row').count()).toBe(6);
	await page.close();
});

it('switches to English and back without losing the page', async () => {
	const page = await env.browser.newPage();
	await page.goto(env.server.url + '/wilayah/63.02?indicator=extreme_poor_hh');
	await page.getByRole('link', { name: 'English' }).click();
	await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 20_000 }).toBe('en');
	expect(page.url()).toContain('/wilayah/63.02?indicator=extreme_poor_hh');
	expect(await page.getByText('Synthetic demo data').count()).toBe(1);
	await page.close();
});

it('opens a link written with the old parameter names (i, p) at the same view', async () => {
	const old = await fetch(env.server.url + '/wilayah/63.02?i=krs_families&p=2024', { redirect: 'manual' });
	expect(old.status).toBe(308);
	expect(old.headers.get('location')).toBe('/wilayah/63.02?indicator=krs_families&period=2024');
	const page = await env.browser.newPage();
	await page.goto(env.server.url + '/publik/63.02?p=2023');
	expect(page.url()).toBe(env.server.url + '/publik/63.02?period=2023');
	expect(await page.locator('select[name="period"]').inputValue()).toBe('2023');
	await page.close();
});
