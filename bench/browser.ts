import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { summarise, type Latency } from './stats';

export interface PageLoad {
	path: string;
	/** `page.goto` until the load event, fresh page each time (HTTP cache shared). */
	load: Latency;
	first_contentful_paint: Latency;
	dom_content_loaded: Latency;
}

interface Timing {
	fcp: number;
	dcl: number;
}

/** Loads `path` `iterations` times in headless Chromium with the bench session's cookie. */
export async function pageLoad(browser: Browser, base: string, path: string, cookie: string, iterations: number): Promise<PageLoad> {
	const context = await browser.newContext({ extraHTTPHeaders: { cookie } });
	const load: number[] = [];
	const fcp: number[] = [];
	const dcl: number[] = [];
	try {
		for (let i = 0; i <= iterations; i++) {
			const page = await context.newPage();
			const t0 = performance.now();
			const res = await page.goto(base + path, { waitUntil: 'load' });
			const elapsed = performance.now() - t0;
			if (!res?.ok()) throw new Error(`${path}: HTTP ${res?.status()}`);
			// The paint entry can be recorded just after the load event on a busy machine: wait for it up to 2 s.
			const t = await page.evaluate<Timing>(async () => {
				const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
				let paint = performance.getEntriesByName('first-contentful-paint')[0];
				for (let tries = 0; !paint && tries < 40; tries++) {
					await new Promise((r) => setTimeout(r, 50));
					paint = performance.getEntriesByName('first-contentful-paint')[0];
				}
				return { fcp: paint?.startTime ?? NaN, dcl: nav?.domContentLoadedEventEnd ?? NaN };
			});
			await page.close();
			// The first load fills the HTTP cache and compiles the scripts: a warm-up.
			if (i === 0) continue;
			load.push(elapsed);
			fcp.push(t.fcp);
			dcl.push(t.dcl);
		}
	} finally {
		await context.close();
	}
	return { path, load: summarise(load), first_contentful_paint: summarise(fcp.filter(Number.isFinite)), dom_content_loaded: summarise(dcl) };
}

export interface BrowserDecode {
	arrow: Latency;
	json: Latency;
}

/**
 * Runs in the page. Plain JavaScript text rather than a function, so the bench's TypeScript
 * transform (which wraps named functions in a `__name` helper) never reaches the browser.
 * `window.TepatValues` is the map's values module, bundled by `valuesBundle`.
 */
const IN_PAGE_DECODE = `async ({ arrowPath, jsonPath, iterations }) => {
	const arrowBody = new Uint8Array(await (await fetch(arrowPath)).arrayBuffer());
	const jsonBody = await (await fetch(jsonPath)).text();
	const time = (fn) => {
		const out = [];
		for (let i = 0; i < iterations + 3; i++) {
			const t0 = performance.now();
			fn();
			if (i >= 3) out.push(performance.now() - t0);
		}
		return out;
	};
	return {
		arrow: time(() => window.TepatValues.decodeValues(arrowBody)),
		json: time(() => JSON.parse(jsonBody).rows)
	};
}`;

/** The browser's own decoder (`src/lib/map/values.ts` with apache-arrow), bundled as a script that sets `window.TepatValues`. */
async function valuesBundle(): Promise<string> {
	const out = await build({
		configFile: false,
		logLevel: 'silent',
		build: { write: false, lib: { entry: 'src/lib/map/values.ts', formats: ['iife'], name: 'TepatValues' } }
	});
	const chunk = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : [])).find((c) => c.type === 'chunk');
	if (!chunk || chunk.type !== 'chunk') throw new Error('bundling src/lib/map/values.ts produced no script');
	return chunk.code;
}

/**
 * Decode time of the same response as Arrow IPC and as JSON inside a page: the map's decoder is
 * injected, both bodies are fetched once, then each decode is timed.
 */
export async function decodeInBrowser(browser: Browser, base: string, arrowPath: string, jsonPath: string, cookie: string, iterations: number): Promise<BrowserDecode> {
	const context = await browser.newContext({ extraHTTPHeaders: { cookie } });
	try {
		const page = await context.newPage();
		await page.goto(base + '/api/v1/indicators');
		await page.addScriptTag({ content: await valuesBundle() });
		const args = JSON.stringify({ arrowPath, jsonPath, iterations });
		const times = (await page.evaluate(`(${IN_PAGE_DECODE})(${args})`)) as { arrow: number[]; json: number[] };
		return { arrow: summarise(times.arrow), json: summarise(times.json) };
	} finally {
		await context.close();
	}
}
