import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { classify } from '../../src/lib/map/classify';
import { paint } from '../../src/lib/map/values';
import { signedInContext, startServerWithAccounts, type ServerWithAccounts } from './accounts';
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

/** Public counts per region for the latest period, from the open-data download (the suppressed public table). */
async function publicCounts(parent: string): Promise<{ period: number; rows: Map<string, Record<string, number | null>> }> {
	const text = await (await fetch(`${server.url}/api/v1/public/nilai-wilayah`)).text();
	const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
	const head = lines[0]!.split(',');
	const records = lines.slice(1).map((l) => {
		// Region names may hold commas inside quotes; the other fields are plain.
		const cells = [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((x) => x[1]!.replace(/^"|"$/g, ''));
		return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
	});
	const mine = records.filter((r) => r.parent_code === parent && r.programme_code === '');
	const period = Math.max(...mine.map((r) => Number(r.period)));
	const rows = new Map<string, Record<string, number | null>>();
	for (const r of mine.filter((x) => Number(x.period) === period)) {
		const row = rows.get(r.region_code!) ?? {};
		row[r.measure!] = r.value === '' ? null : Number(r.value);
		rows.set(r.region_code!, row);
	}
	return { period, rows };
}

const share = (r: Record<string, number | null>) => (r.extreme_poor_hh == null || !r.households ? null : (100 * r.extreme_poor_hh) / r.households);
const PALETTE = classify([1, 2, 3, 4, 5, 6], 'quantile', 'higher_is_worse').colours;

it('maps Kotabaru districts for a signed-out visitor from the public figures only, on a phone', async () => {
	const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
	const page = await context.newPage();
	const api: string[] = [];
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (u.pathname.startsWith('/api/')) api.push(u.pathname);
	});
	await page.goto(`${server.url}/publik/63.02`);
	await paintedIn(page, '.map', 1);
	await page.waitForLoadState('networkidle');
	expect(await page.getByText('batas indikatif / indicative boundaries').count()).toBeGreaterThan(0);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	// Geometry only: the colours come from the public rows the page was built from, never from a values view.
	expect(api.length).toBeGreaterThan(0);
	expect(api.every((p) => p.startsWith('/api/v1/tiles'))).toBe(true);

	const { rows } = await publicCounts('63.02');
	const expected = paint(
		[...rows].map(([code, r]) => ({ code, name: code, value: share(r) })),
		'quantile',
		'higher_is_worse'
	).colours;
	const points = (await probe(page, page.getByRole('region', { name: /Peta choropleth/ }))).filter((p) => p.code.startsWith('63.02.'));
	expect(new Set(points.map((p) => p.code)).size).toBeGreaterThanOrEqual(3);
	const shot = await screenshotPixels(page, points);
	expect(points.filter((p, i) => near(shot[i]!, hex(expected[p.code] ?? '#ff00ff'))).length / points.length).toBeGreaterThanOrEqual(0.8);
	await context.close();
});

it('draws a district’s suppressed villages with the dotted pattern, never a class colour, even for a signed-in planner', async () => {
	const { rows } = await publicCounts('63.02.05');
	const hidden = [...rows].filter(([, r]) => r.extreme_poor_hh === null).map(([code]) => code);
	expect(hidden.length).toBeGreaterThan(0);
	// A planner whose scope holds these villages would get unsuppressed values from the values API; the public page must not.
	const context = await signedInContext(browser, server.url, 'rina');
	const page = await context.newPage();
	const values: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes('/api/v1/values')) values.push(r.url());
	});
	await page.goto(`${server.url}/publik/63.02.05`);
	await paintedIn(page, '.map', 1);
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

it('keeps the public tables without JavaScript, and draws no empty map box', async () => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`${server.url}/publik/63.02`);
	expect(await page.getByRole('table').filter({ hasText: 'Wilayah di' }).locator('tbody tr').count()).toBeGreaterThan(3);
	expect(await page.locator('[data-painted]').count()).toBe(0);
	await context.close();
});
