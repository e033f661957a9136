import { expect, it } from 'vitest';
import { GLOSSARY } from '../../src/lib/glossary';
import { serverAndBrowserFor, signedInPage } from './accounts';

/** The glossary page and the terms that link to it where they appear. */
const { server, browser } = serverAndBrowserFor([{ username: 'rina', role: 'planner', scope: '63.02' }]);

const TERM_IDS = Object.values(GLOSSARY).flatMap((group) => Object.keys(group));

it('explains every term under its own anchor, in Indonesian first and in English', async () => {
	const page = await browser().newPage();
	await page.goto(server().url + '/istilah');
	expect(await page.locator('h1').textContent()).toBe('Daftar istilah');
	expect(await page.locator('dt[id]').evaluateAll((dts) => dts.map((d) => d.id))).toEqual(TERM_IDS);
	const names = (await page.locator('dt').allTextContents()).join(' | ');
	for (const t of ['DTKS', 'P3KE', 'DTSEN', 'KRS', 'BAST', 'Desil', 'e-PPGBM', 'Galat eksklusi', 'Galat inklusi', 'Cakupan', 'Tepat sasaran', 'Tepat jumlah', 'Tepat waktu', 'Tepat administrasi', 'SSGI / SKI', 'Susenas', 'Kepmensos 262/HUK/2022', '(<10)', 'Batas indikatif']) {
		expect(names).toContain(t);
	}
	expect(await page.locator('dd').evaluateAll((dds) => dds.every((d) => (d.textContent ?? '').length > 40))).toBe(true);
	await page.getByRole('link', { name: 'English' }).click();
	await page.waitForURL(/\/istilah$/);
	expect(await page.locator('h1').textContent()).toBe('Glossary');
	expect(await page.locator('dt#galat-eksklusi').textContent()).toBe('Exclusion error');
	await page.context().close();
});

it('links a term where it appears to its entry, with the definition as the tooltip', async () => {
	const page = await signedInPage(browser(), server().url, 'rina');
	await page.goto(server().url + '/');
	const term = page.getByRole('region', { name: 'Angka kunci' }).getByRole('link', { name: 'KRS (keluarga berisiko stunting)' });
	expect(await term.getAttribute('title')).toMatch(/^Keluarga dengan ibu hamil/);
	await term.click();
	await page.waitForURL(/\/istilah#krs$/);
	expect(await page.locator('dt:target').textContent()).toBe('KRS (keluarga berisiko stunting)');

	// On a region page the chosen indicator's source is explained too.
	await page.goto(server().url + '/wilayah/63.02?indicator=stunted_children');
	expect(await page.getByRole('link', { name: /^e-PPGBM/ }).getAttribute('href')).toBe('/istilah#e-ppgbm');
	await page.context().close();
});
