/** Reading a painted map in the browser tests: which region is under a point, and the colour drawn there. */
import type { BrowserContext, Locator, Page } from 'playwright-core';

export type Rgb = [number, number, number];
export const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
export const near = (a: Rgb, b: Rgb) => a.every((v, i) => Math.abs(v - b[i]!) <= 6);

/** What to read from a screenshot: the pixels at some points, or the points of a box [x0, y0, x1, y1) drawn in one of some colours. */
type ScreenshotRead = { points: { x: number; y: number }[] } | { box: [number, number, number, number]; colours: Rgb[] };

/**
 * Reads a screenshot of `page`, decoded by the browser's own PNG decoder in a blank page: the app's
 * Content-Security-Policy rightly refuses the data: URL. `decoder` is a context with JavaScript, for pages opened without.
 */
async function readScreenshot(page: Page, read: ScreenshotRead, decoder: BrowserContext): Promise<Rgb[] | { x: number; y: number }[]> {
	const png = (await page.screenshot()).toString('base64');
	const scratch = await decoder.newPage();
	try {
		return await scratch.evaluate(
			async ([data, r]) => {
				const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
				const ctx = new OffscreenCanvas(img.width, img.height).getContext('2d')!;
				ctx.drawImage(img, 0, 0);
				if ('points' in r) return r.points.map(({ x, y }) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)) as Rgb);
				const [x0, y0, x1, y1] = r.box;
				const { data: px } = ctx.getImageData(x0, y0, x1 - x0, y1 - y0);
				const out: { x: number; y: number }[] = [];
				for (let x = x0; x < x1; x++) {
					for (let y = y0; y < y1; y++) {
						const p = 4 * ((y - y0) * (x1 - x0) + (x - x0));
						// As `near`, which cannot be handed to the page.
						if (r.colours.some((c) => c.every((v, i) => Math.abs(v - px[p + i]!) <= 6))) out.push({ x, y });
					}
				}
				return out;
			},
			[png, read] as const
		);
	} finally {
		await scratch.close();
	}
}

/** Pixels of a screenshot at the given page points (`decoder`: see `readScreenshot`). */
export async function screenshotPixels(page: Page, points: { x: number; y: number }[], decoder: BrowserContext = page.context()): Promise<Rgb[]> {
	return (await readScreenshot(page, { points }, decoder)) as Rgb[];
}

/** The row below a map's frame (ValueMap): its legend, the 'Nama wilayah di peta' checkbox and the PNG button. */
export const belowMap = (map: Locator): Locator => map.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " map-wrap ")][1]/following-sibling::div[1]');

/** Names sit on the colours they label: probes read the map with them hidden (the checkbox beside the PNG button, below the map's frame). */
async function hideNames(page: Page, map: Locator): Promise<void> {
	const names = belowMap(map).getByRole('checkbox', { name: 'Nama wilayah di peta' });
	if (!(await names.isChecked())) return;
	const shown = Number(await map.getAttribute('data-painted'));
	await names.uncheck();
	const el = await map.elementHandle();
	await page.waitForFunction(([m, k]) => Number(m?.getAttribute('data-painted')) >= k, [el, shown + 1] as const, { timeout: 60_000 });
}

/** Regions under a grid of points on `map` (names hidden), found through the hover tooltip (with its text). */
export async function probe(page: Page, map: Locator, [cols, rows] = [8, 6]): Promise<{ x: number; y: number; code: string; text: string }[]> {
	await hideNames(page, map);
	// Unticking the names scrolled to the checkbox below the legend: bring the whole map back into view.
	await map.scrollIntoViewIfNeeded();
	const box = (await map.boundingBox())!;
	const found: { x: number; y: number; code: string; text: string }[] = [];
	for (let i = 1; i < cols; i++) {
		for (let j = 1; j < rows; j++) {
			const [x, y] = [box.x + (box.width * i) / cols, box.y + (box.height * j) / rows];
			await page.mouse.move(x, y);
			const tip = page.locator('.tooltip');
			if (await tip.count()) found.push({ x, y, code: (await tip.locator('.code').textContent())!.trim(), text: (await tip.textContent()) ?? '' });
		}
	}
	await page.mouse.move(0, 0);
	return found;
}

/**
 * Regions under up to `limit` points of `map` at a pixel drawn in one of `colours` (every pixel searched,
 * names hidden), found through the hover tooltip: for maps whose regions are a few pixels each, too
 * small for a fixed grid. Chromium reports whole-pixel mouse positions, so a point is the top-left
 * corner of its pixel and touches four (see `aroundPoint`).
 */
export async function hoverColoured(page: Page, map: Locator, colours: Rgb[], limit = 40): Promise<{ x: number; y: number; code: string }[]> {
	await hideNames(page, map);
	// Unticking the names scrolled to the checkbox below the legend: bring the whole map back into view.
	await map.scrollIntoViewIfNeeded();
	const box = (await map.boundingBox())!;
	const inner: [number, number, number, number] = [Math.ceil(box.x) + 2, Math.ceil(box.y) + 2, Math.floor(box.x + box.width) - 2, Math.floor(box.y + box.height) - 2];
	const coloured = (await readScreenshot(page, { box: inner, colours }, page.context())) as { x: number; y: number }[];
	const n = Math.min(limit, coloured.length);
	const picked = Array.from({ length: n }, (_, k) => coloured[Math.floor((k * coloured.length) / n)]!);
	return (await hoverCodes(page, picked)).filter((p): p is { x: number; y: number; code: string } => p.code !== null);
}

/** The region the hover tooltip names at each point (null where it shows none). */
export async function hoverCodes(page: Page, points: { x: number; y: number }[]): Promise<{ x: number; y: number; code: string | null }[]> {
	const found: { x: number; y: number; code: string | null }[] = [];
	for (const { x, y } of points) {
		await page.mouse.move(x, y);
		const tip = page.locator('.tooltip .code');
		found.push({ x, y, code: (await tip.count()) ? (await tip.textContent())!.trim() : null });
	}
	await page.mouse.move(0, 0);
	return found;
}

/** The four pixels a whole-pixel point touches, for `hoverColoured`'s points. */
export const aroundPoint = ({ x, y }: { x: number; y: number }) => [-1, 0].flatMap((dx) => [-1, 0].map((dy) => ({ x: x + dx, y: y + dy })));

/**
 * Share of the points (of regions with a value in `expected`) where one of the four pixels they touch shows the class colour
 * of the region the hover named there; `also` may ask more of that pixel (the same colour in another screenshot). Outlines
 * cover the pixels along them, so a point counts when any of its four shows the colour.
 */
export async function classShare(
	page: Page,
	named: { x: number; y: number; code: string | null }[],
	expected: ReadonlyMap<string, string>,
	{ also = () => true, decoder }: { also?: (pixel: number, colour: Rgb) => boolean; decoder?: BrowserContext } = {}
): Promise<{ share: number; points: number; pixels: Rgb[] }> {
	const valued = named.filter((p): p is { x: number; y: number; code: string } => p.code !== null && expected.has(p.code));
	const pixels = await screenshotPixels(page, valued.flatMap(aroundPoint), decoder);
	const ok = valued.filter((p, i) => {
		const colour = hex(expected.get(p.code)!);
		return [0, 1, 2, 3].some((k) => near(pixels[4 * i + k]!, colour) && also(4 * i + k, colour));
	});
	return { share: valued.length ? ok.length / valued.length : 0, points: valued.length, pixels };
}

/** Waits until the map inside `scope` (a CSS selector) has finished `n` repaints with values. */
export async function paintedIn(page: Page, scope: string, n: number, timeout = 60_000): Promise<void> {
	await page.waitForFunction(([s, k]) => Number(document.querySelector(`${s} [data-painted]`)?.getAttribute('data-painted')) >= k, [scope, n] as const, { timeout });
}
