/** Reading a painted map in the browser tests: which region is under a point, and the colour drawn there. */
import type { BrowserContext, Locator, Page } from 'playwright-core';

export type Rgb = [number, number, number];
export const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
export const near = (a: Rgb, b: Rgb) => a.every((v, i) => Math.abs(v - b[i]!) <= 6);

/**
 * Pixels of a screenshot at the given page points, decoded by the browser's own PNG decoder in a blank
 * page: the app's Content-Security-Policy rightly refuses the data: URL. `decoder` is a context with
 * JavaScript, for pages opened without.
 */
export async function screenshotPixels(page: Page, points: { x: number; y: number }[], decoder: BrowserContext = page.context()): Promise<Rgb[]> {
	const png = (await page.screenshot()).toString('base64');
	const scratch = await decoder.newPage();
	try {
		return await scratch.evaluate(
			async ([data, pts]) => {
				const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
				const ctx = new OffscreenCanvas(img.width, img.height).getContext('2d')!;
				ctx.drawImage(img, 0, 0);
				return pts.map(({ x, y }) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)) as [number, number, number]);
			},
			[png, points] as const
		);
	} finally {
		await scratch.close();
	}
}

/** Names sit on the colours they label: probes read the map with them hidden (the checkbox under the map). */
async function hideNames(page: Page, map: Locator): Promise<void> {
	const names = map.locator('xpath=following-sibling::label[1]').getByRole('checkbox');
	if (!(await names.isChecked())) return;
	const shown = Number(await map.getAttribute('data-painted'));
	await names.uncheck();
	const el = await map.elementHandle();
	await page.waitForFunction(([m, k]) => Number(m?.getAttribute('data-painted')) >= k, [el, shown + 1] as const, { timeout: 60_000 });
}

/** Regions under a grid of points on `map` (names hidden), found through the hover tooltip (with its text). */
export async function probe(page: Page, map: Locator, [cols, rows] = [8, 6]): Promise<{ x: number; y: number; code: string; text: string }[]> {
	await map.scrollIntoViewIfNeeded();
	await hideNames(page, map);
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
	await map.scrollIntoViewIfNeeded();
	await hideNames(page, map);
	const box = (await map.boundingBox())!;
	const grid: { x: number; y: number }[] = [];
	for (let x = Math.ceil(box.x) + 2; x < box.x + box.width - 2; x++) for (let y = Math.ceil(box.y) + 2; y < box.y + box.height - 2; y++) grid.push({ x, y });
	const pixels = await screenshotPixels(page, grid);
	const coloured = grid.filter((_, i) => colours.some((c) => near(pixels[i]!, c)));
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

/** Waits until the map inside `scope` (a CSS selector) has finished `n` repaints with values. */
export async function paintedIn(page: Page, scope: string, n: number, timeout = 60_000): Promise<void> {
	await page.waitForFunction(([s, k]) => Number(document.querySelector(`${s} [data-painted]`)?.getAttribute('data-painted')) >= k, [scope, n] as const, { timeout });
}
