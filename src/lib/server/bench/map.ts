import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../auth/accounts';
import { SESSION_COOKIE, startSession } from '../auth/sessions';
import { openStore } from '../auth/store';

/**
 * Map speed in a real browser against a running built server: regency first paint with colours,
 * recolour after an indicator change, and the tile bytes the regency view pulled.
 */
export interface MapFigures {
	region: string;
	level: 'district' | 'village';
	/** Navigation start to the first repaint with colours on screen (ms). */
	first_paint_ms: number;
	/** Indicator change to the repaint with the new colours (ms); no geometry is fetched again. */
	recolour_ms: number;
	tile_requests: number;
	/** Bytes on the wire (gzip) of every tile the view fetched. */
	tile_bytes: number;
	/** Tiles fetched after the indicator change: 0 when geometry is reused. */
	tile_requests_after_change: number;
}

/**
 * A planner account and a session token in the server's state folder (`TEPAT_STATE_DIR`), since the
 * map is a signed-in page. The password is random and thrown away: only the session is needed.
 */
export async function mapSession(stateDir: string): Promise<string> {
	const store = openStore(path.join(stateDir, 'tepat.sqlite'));
	try {
		const username = `bench-map-${process.pid}-${Date.now()}`;
		const user = await createAccount(store, { username, password: crypto.randomUUID(), role: 'planner', scope: 'ID' });
		return startSession(store, user.id, undefined);
	} finally {
		await store.close();
	}
}

/** The cookie is set for https: Chromium then also sends a Secure cookie to http://127.0.0.1 (a trustworthy origin). */
export async function signedInContext(browser: Browser, baseUrl: string, token: string): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
	await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseUrl.replace(/^http:/, 'https:'), secure: true, httpOnly: true, sameSite: 'Lax' }]);
	return context;
}

/** Waits until the map reports `n` finished repaints. */
export async function waitPainted(page: Page, n: number, timeout = 60_000): Promise<void> {
	await page.waitForFunction((k) => Number(document.querySelector('[data-painted]')?.getAttribute('data-painted')) >= k, n, { timeout });
}

export async function measureMap(
	baseUrl: string,
	browser: Browser,
	opts: { token: string; region?: string; level?: 'district' | 'village'; indicator?: string; next?: string }
): Promise<MapFigures> {
	const { region = '63.02', level = 'village', indicator = 'extreme_poor_hh', next = 'krs_families' } = opts;
	const context = await signedInContext(browser, baseUrl, opts.token);
	const page = await context.newPage();
	const tiles: { url: string; bytes: number }[] = [];
	page.on('requestfinished', async (req) => {
		if (!req.url().includes('/api/v1/tiles/')) return;
		const sizes = await req.sizes();
		tiles.push({ url: req.url(), bytes: sizes.responseBodySize });
	});
	try {
		const started = Date.now();
		await page.goto(`${baseUrl}/peta/${region}?i=${indicator}&level=${level}`);
		await waitPainted(page, 1);
		const first = Date.now() - started;
		await page.waitForLoadState('networkidle');
		const before = tiles.length;
		const bytes = tiles.reduce((s, t) => s + t.bytes, 0);
		const painted = Number(await page.getAttribute('[data-painted]', 'data-painted'));
		const changed = Date.now();
		await page.getByLabel('Indikator', { exact: true }).selectOption(next);
		await waitPainted(page, painted + 1);
		const recolour = Date.now() - changed;
		return {
			region,
			level,
			first_paint_ms: first,
			recolour_ms: recolour,
			tile_requests: before,
			tile_bytes: bytes,
			tile_requests_after_change: tiles.length - before
		};
	} finally {
		await context.close();
	}
}
