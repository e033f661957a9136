import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../src/lib/server/auth/accounts';
import { SESSION_COOKIE, startSession } from '../src/lib/server/auth/sessions';
import { openStore } from '../src/lib/server/auth/store';

/**
 * Map speed in a real browser against a running built server: first paint with colours, recolour
 * after an indicator change, the tile bytes the view pulled, and frame times while it is panned and zoomed.
 */
export interface MapFigures {
	region: string;
	level: 'district' | 'village';
	/**
	 * Navigation start to the first colours on screen (ms), whichever comes first: the server-drawn
	 * preview (small views) or MapLibre's first frame with colours and every tile of the view.
	 */
	first_paint_ms: number;
	/** Navigation start to MapLibre's first frame with colours and every tile of the view (ms). */
	map_ready_ms: number;
	/** Indicator change to the repaint with the new colours (ms), seen from Playwright; no geometry is fetched again. */
	recolour_ms: number;
	/** The same, timed in the page: the select's change event to the task after the frame that drew the new colours (ms). */
	recolour_in_page_ms: number;
	tile_requests: number;
	/** Bytes on the wire (gzip) of every tile the view fetched. */
	tile_bytes: number;
	/** Tiles fetched after the indicator change: 0 when geometry is reused. */
	tile_requests_after_change: number;
	/** While a scripted drag and wheel zoom run: does the map keep drawing, does input wait? */
	pan_zoom: PanZoom;
}

export interface PanZoom {
	/** Time between animation frames (ms): 16.7 is smooth; the p95 shows the stalls. */
	frame_p50_ms: number;
	frame_p95_ms: number;
	/** Longest main-thread task (ms): input arriving during it waits that long. */
	longest_task_ms: number;
	/** Main-thread time in tasks over 50 ms, as a share of the interaction (0–1). */
	blocked_share: number;
}

/**
 * Records frame intervals and long tasks in the page. A script string: tsx would wrap named functions
 * passed to the browser in a helper the page does not have.
 */
const RECORD_FRAMES = `(() => {
	const r = (window.__panZoom = { frames: [], tasks: [], stop: false, started: performance.now() });
	new PerformanceObserver((list) => { for (const e of list.getEntries()) r.tasks.push(e.duration); }).observe({ type: 'longtask' });
	let last = performance.now();
	requestAnimationFrame(function tick(t) { r.frames.push(t - last); last = t; if (!r.stop) requestAnimationFrame(tick); });
})()`;

/**
 * Time (ms since navigation start) of the first frame after the server-drawn preview is in the document:
 * a frame callback then a task, the moment after the browser painted that frame.
 */
const WATCH_PREVIEW = `(() => {
	const seen = new MutationObserver(() => {
		if (!document.querySelector('svg[data-preview]')) return;
		seen.disconnect();
		requestAnimationFrame(() => setTimeout(() => (window.__previewPainted = performance.now())));
	});
	seen.observe(document, { childList: true, subtree: true });
})()`;

/**
 * Times a recolour in the page, without Playwright's round trips: from the indicator select's change
 * event to the first task after the frame whose render counted the repaint (`data-painted` moves in it).
 */
const WATCH_RECOLOUR = `(() => {
	document.addEventListener('change', (e) => {
		if (e.target?.id !== 'indicator') return;
		const map = document.querySelector('[data-painted]');
		const from = performance.now();
		const painted = map.getAttribute('data-painted');
		const seen = new MutationObserver(() => {
			if (map.getAttribute('data-painted') === painted) return;
			seen.disconnect();
			setTimeout(() => (window.__recoloured = performance.now() - from));
		});
		seen.observe(map, { attributes: true, attributeFilter: ['data-painted'] });
	}, true);
})()`;

/** Drags the map across and back and zooms in and out with the wheel, as a reader exploring it would. */
async function panZoom(page: Page): Promise<PanZoom> {
	const box = await page.locator('[data-painted]').boundingBox();
	if (!box) throw new Error('map not on screen');
	const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
	await page.evaluate(RECORD_FRAMES);
	for (const [dx, wheel] of [[250, -400], [-250, 400]] as const) {
		await page.mouse.move(cx, cy);
		await page.mouse.down();
		await page.mouse.move(cx + dx, cy + dx / 3, { steps: 20 });
		await page.mouse.up();
		for (let i = 0; i < 3; i++) {
			await page.mouse.wheel(0, wheel / 3);
			await page.waitForTimeout(150);
		}
	}
	await page.waitForTimeout(1_000);
	const r = (await page.evaluate(`(() => { const r = window.__panZoom; r.stop = true; return { frames: r.frames, tasks: r.tasks, ms: performance.now() - r.started }; })()`)) as {
		frames: number[];
		tasks: number[];
		ms: number;
	};
	const frames = r.frames.slice(1).sort((a, b) => a - b);
	const at = (p: number) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))] ?? NaN;
	return {
		frame_p50_ms: at(0.5),
		frame_p95_ms: at(0.95),
		longest_task_ms: Math.max(0, ...r.tasks),
		blocked_share: r.tasks.reduce((a, b) => a + b, 0) / r.ms
	};
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
export async function signedInContext(browser: Browser, baseUrl: string, token: string, javaScriptEnabled = true): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 1400 }, javaScriptEnabled });
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
		// Geometry is the tiles and the village raster (frames and level images).
		if (!/\/api\/v1\/(tiles|raster)\//.test(req.url())) return;
		const sizes = await req.sizes();
		tiles.push({ url: req.url(), bytes: sizes.responseBodySize });
	});
	await page.addInitScript(WATCH_PREVIEW);
	await page.addInitScript(WATCH_RECOLOUR);
	try {
		const started = Date.now();
		await page.goto(`${baseUrl}/peta/${region}?indicator=${indicator}&level=${level}`);
		await waitPainted(page, 1);
		const ready = Date.now() - started;
		const preview = (await page.evaluate('window.__previewPainted')) as number | undefined;
		await page.waitForLoadState('networkidle');
		const before = tiles.length;
		const bytes = tiles.reduce((s, t) => s + t.bytes, 0);
		const painted = Number(await page.getAttribute('[data-painted]', 'data-painted'));
		const changed = Date.now();
		await page.getByLabel('Indikator', { exact: true }).selectOption(next);
		await waitPainted(page, painted + 1);
		const recolour = Date.now() - changed;
		const inPage = Number(await (await page.waitForFunction('window.__recoloured')).jsonValue());
		const afterChange = tiles.length - before;
		const moved = await panZoom(page);
		return {
			region,
			level,
			first_paint_ms: Math.min(ready, preview ?? Infinity),
			map_ready_ms: ready,
			recolour_ms: recolour,
			recolour_in_page_ms: inPage,
			tile_requests: before,
			tile_bytes: bytes,
			tile_requests_after_change: afterChange,
			pan_zoom: moved
		};
	} finally {
		await context.close();
	}
}
