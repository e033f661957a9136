import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { serverAndBrowserFor, signedInContext, type TestAccount } from './accounts';

/**
 * An axe-core WCAG 2.1 AA check of every page, at 1280 and 360 px, signed in as an account that may
 * open it. axe is read from node_modules and evaluated in the page (nothing is fetched; the page's
 * Content-Security-Policy does not apply to code the test runs through the DevTools protocol).
 */
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Found {
	rule: string;
	impact: string | null;
	targets: string[];
}

/** Runs axe on what the page shows now; one line per rule with the nodes it found. */
async function audit(page: Page): Promise<Found[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
	const result = await page.evaluate(async (tags) => {
		const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
		return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
	}, TAGS);
	return result.violations.map((v) => ({ rule: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

const ACCOUNTS: TestAccount[] = [
	{ username: 'rina', role: 'planner', scope: '63.02' },
	{ username: 'bupati', role: 'viewer', scope: '63.02' },
	{ username: 'camat', role: 'district', scope: '63.02.01' },
	{ username: 'admin', role: 'admin', scope: 'ID' }
];
const { server, browser } = serverAndBrowserFor(ACCOUNTS);

interface Visit {
	path: string;
	/** Who opens it; null is a signed-out visitor. */
	who: string | null;
	/** What to do on the page before the check (open a by-name list). */
	act?: (page: Page) => Promise<void>;
}

const PAGES: Visit[] = [
	{ who: null, path: '/' },
	{ who: null, path: '/cari?q=kota' },
	{ who: null, path: '/masuk' },
	{ who: null, path: '/wilayah/63.02' },
	{ who: null, path: '/publik' },
	{ who: null, path: '/publik/63.02' },
	{ who: null, path: '/publik/metode' },
	{ who: null, path: '/istilah' },
	{ who: null, path: '/tidak-ada' },
	{ who: 'rina', path: '/' },
	{ who: 'rina', path: '/wilayah/63.02' },
	{ who: 'rina', path: '/wilayah/63.02.01.2001' },
	{ who: 'rina', path: '/peta/63.02' },
	{ who: 'rina', path: '/ringkasan/63.02' },
	{ who: 'rina', path: '/bandingkan?w=63.02.01,63.02.02' },
	{ who: 'rina', path: '/perencanaan/63.02' },
	{ who: 'rina', path: '/akun' },
	{ who: 'bupati', path: '/perencanaan/63.02' },
	{ who: 'camat', path: '/daftar/63.02.01' },
	{
		who: 'camat',
		path: '/daftar/63.02.01#list',
		act: async (page) => {
			await page.getByLabel(/^Tujuan/).fill('Verifikasi lapangan paket pangan');
			await page.getByRole('button', { name: 'Buka daftar' }).click();
			await page.getByRole('status').filter({ hasText: 'rumah tangga' }).waitFor();
		}
	},
	{ who: 'admin', path: '/admin' },
	{ who: 'admin', path: '/admin/audit' },
	{ who: 'admin', path: '/admin/import' },
	{ who: 'admin', path: '/bandingkan?w=63.02,64.02,19.01' }
];

const WIDTHS = [1280, 360] as const;
const contexts = new Map<string, Promise<BrowserContext>>();
function contextFor(who: string | null, width: number): Promise<BrowserContext> {
	const key = `${who} ${width}`;
	let ctx = contexts.get(key);
	if (!ctx) {
		const viewport = { viewport: { width, height: 800 } };
		ctx = who ? signedInContext(browser(), server().url, who, viewport) : browser().newContext(viewport);
		contexts.set(key, ctx);
	}
	return ctx;
}
afterAll(async () => {
	for (const ctx of contexts.values()) await (await ctx).close();
});

it('reports a violation it is shown: an unlabelled field and a scrolling table the keyboard cannot reach', async () => {
	const page = await (await contextFor(null, 360)).newPage();
	await page.goto(server().url + '/istilah');
	// Added beside the app's root, not inside <main>: hydration, if it ends after this, removes nodes it did not render there.
	await page.evaluate(() => {
		const main = document.body;
		const wrap = document.createElement('div');
		wrap.style.overflowX = 'auto';
		wrap.innerHTML = `<table><tr><td style="white-space:nowrap">${'sangat lebar '.repeat(60)}</td></tr></table>`;
		main.append(wrap, document.createElement('input'));
	});
	const rules = (await audit(page)).map((f) => f.rule);
	expect(rules).toContain('scrollable-region-focusable');
	expect(rules).toContain('label');
	await page.close();
});

describe.each(WIDTHS)('at %i px', (width) => {
	it.each(PAGES.map((v) => [`${v.who ?? 'signed out'} ${v.path}`, v] as const))('%s passes WCAG 2.1 AA and fits the screen', async (_, visit) => {
		const page = await (await contextFor(visit.who, width)).newPage();
		await page.goto(server().url + visit.path);
		await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
		await visit.act?.(page);
		const failing = (await audit(page)).flatMap((f) => f.targets.map((t) => `${f.rule} (${f.impact}) ${t}`));
		expect(failing, `${visit.who ?? 'signed out'} ${visit.path} at ${width}px`).toEqual([]);
		// Nothing widens the page past the screen (WCAG 1.4.10 reflow at 320 CSS px is stricter still).
		expect(await page.evaluate(() => document.documentElement.scrollWidth), `${visit.path} width`).toBeLessThanOrEqual(width);
		await page.close();
	});
});
