import fs from 'node:fs';
import { decode } from 'fast-png';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { serverAndBrowserFor, signedInContext } from './accounts';

const env = serverAndBrowserFor([{ username: 'pimpinan.uji', role: 'viewer', scope: 'ID' }]);

/** Records every text drawn on any 2D canvas of the page (ECharts' own and the export's), in `window.__drawn`. */
async function recordCanvasText(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const drawn: string[] = [];
		(window as unknown as { __drawn: string[] }).__drawn = drawn;
		const fillText = CanvasRenderingContext2D.prototype.fillText;
		CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, maxWidth?: number) {
			drawn.push(String(text));
			return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
		};
	});
}

/** Clicks the figure's PNG button and returns the decoded PNG and the texts drawn while it was made. */
async function exportPng(page: Page, figure: Locator) {
	await figure.locator('canvas').first().waitFor();
	await page.evaluate(() => ((window as unknown as { __drawn: string[] }).__drawn.length = 0));
	const [download] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Unduh PNG' }).click()]);
	const png = decode(fs.readFileSync((await download.path())!));
	const drawn = await page.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn);
	const plot = await figure.locator('[role=img]').evaluate((el) => ({ width: el.clientWidth, height: el.clientHeight }));
	return { png, drawn, plot, filename: download.suggestedFilename() };
}

/** Share of dark (ink) pixels in rows `from`–`to` of a decoded PNG. */
function ink(png: ReturnType<typeof decode>, from: number, to: number): number {
	let dark = 0;
	for (let p = from * png.width * png.channels; p < to * png.width * png.channels; p += png.channels) if (png.data[p]! + png.data[p + 1]! + png.data[p + 2]! < 250) dark++;
	return dark / ((to - from) * png.width);
}

it('exports a brief chart as a PNG with its title, region, period, full legend, source and snapshot, and no pager or button', async () => {
	const server = env.server();
	const context = await signedInContext(env.browser(), server.url, 'pimpinan.uji', { viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	await recordCanvasText(page);
	await page.goto(server.url + '/ringkasan/64.02?date=2025-06-01');
	const figure = page.locator('article', { hasText: 'Persentase kemiskinan ekstrem' }).locator('figure');
	const { png, drawn, plot, filename } = await exportPng(page, figure);
	expect(filename).toBe('trajektori-extreme_poverty_rate-64.02.png');
	// The chart at twice its size, with a title band above and the legend and sources below.
	expect(png.width).toBe(2 * plot.width);
	expect(png.height).toBeGreaterThan(2 * plot.height + 2 * 100);
	const text = drawn.join(' ');
	expect(text).toContain('Persentase kemiskinan ekstrem BPS (% penduduk), Kabupaten Kutai Kartanegara');
	expect(drawn).toContain('Kabupaten Kutai Kartanegara · 2021–2026');
	for (const entry of ['Teramati', 'Selang kepercayaan 95%', 'Pita proyeksi 80%', 'Proyeksi tren', 'Target', 'patahan seri']) expect(drawn, entry).toContain(entry);
	expect(text).toContain('Sumber: Sintetis (demo)');
	expect(text).toMatch(/Snapshot: \d{8}T\d{6}Z/);
	// No legend pager ("1/3") and no control is drawn anywhere.
	expect(drawn.filter((t) => /^\s*\d+\s*\/\s*\d+\s*$/.test(t))).toEqual([]);
	expect(drawn.filter((t) => /Tampilkan tabel|Unduh/.test(t))).toEqual([]);
	// The title band and the footer hold ink, not only the chart.
	expect(ink(png, 0, 2 * 40)).toBeGreaterThan(0.005);
	expect(ink(png, png.height - 2 * 30, png.height)).toBeGreaterThan(0.005);
	await context.close();
});

it("exports a public village chart signed out, naming the village, its district and regency and the years", async () => {
	const server = env.server();
	const context = await env.browser().newContext({ viewport: { width: 360, height: 800 } });
	const page = await context.newPage();
	await recordCanvasText(page);
	await page.goto(server.url + '/publik/64.02.13.1008');
	const figure = page.locator('figure', { hasText: 'RT desil 1 di register P3KE (% rumah tangga) — Wonotirto' });
	const { png, drawn, plot } = await exportPng(page, figure);
	expect(png.width).toBe(2 * plot.width);
	expect(drawn.join(' ')).toContain('RT desil 1 di register P3KE (% rumah tangga) — Wonotirto');
	expect(drawn).toEqual(expect.arrayContaining(['Wonotirto', 'Samboja', 'Kabupaten Kutai Kartanegara']));
	expect(drawn.join(' ')).toMatch(/Wonotirto, Samboja, Kabupaten Kutai Kartanegara · 2021–2025/);
	expect(drawn.join(' ')).toMatch(/Snapshot: \d{8}T\d{6}Z/);
	await context.close();
});
