/**
 * Chart PNGs that explain themselves, like the map's (`map/export.ts`): the title, the region and period, the
 * chart, its legend drawn in full (never a pager or a button) and the source and snapshot, on one canvas.
 */

/** How a legend entry is drawn: a line (solid or dashed), a point with error bars, a shaded band, a dotted rule. */
export type SwatchKind = 'line' | 'dashed' | 'errorbar' | 'band' | 'dotted';

export interface LegendEntry {
	label: string;
	colour: string;
	kind: SwatchKind;
}

export interface ChartMeta {
	title: string;
	/** Region and period, e.g. "Kabupaten Kutai Kartanegara · 2021–2026". */
	subtitle: string;
	legend: LegendEntry[];
	/** Source, method, snapshot: one line each, wrapped to the width. */
	footer: string[];
}

const PAD = 16;
const LINE = 18;
const SWATCH = 26;

/** Draws one legend swatch at (x, y), `y` being the middle of the text line. */
export function drawSwatch(ctx: CanvasRenderingContext2D, e: LegendEntry, x: number, y: number): void {
	ctx.save();
	ctx.strokeStyle = e.colour;
	ctx.fillStyle = e.colour;
	ctx.lineWidth = 2;
	if (e.kind === 'band') {
		ctx.globalAlpha = 0.25;
		ctx.fillRect(x, y - 6, SWATCH - 4, 12);
	} else if (e.kind === 'errorbar') {
		const mid = x + (SWATCH - 4) / 2;
		ctx.beginPath();
		ctx.moveTo(mid, y - 6);
		ctx.lineTo(mid, y + 6);
		ctx.moveTo(mid - 4, y - 6);
		ctx.lineTo(mid + 4, y - 6);
		ctx.moveTo(mid - 4, y + 6);
		ctx.lineTo(mid + 4, y + 6);
		ctx.stroke();
	} else {
		ctx.setLineDash(e.kind === 'dashed' ? [5, 3] : e.kind === 'dotted' ? [2, 2] : []);
		ctx.beginPath();
		ctx.moveTo(x, y);
		ctx.lineTo(x + SWATCH - 4, y);
		ctx.stroke();
	}
	ctx.restore();
}

/** Splits `text` into lines no wider than `width` at spaces (a long word stays whole). */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const next = line ? `${line} ${word}` : word;
		if (line && ctx.measureText(next).width > width) {
			lines.push(line);
			line = word;
		} else line = next;
	}
	return line ? [...lines, line] : lines;
}

/** Legend entries laid out in rows across the width: each entry's position, and the height they take. */
function legendLayout(ctx: CanvasRenderingContext2D, legend: LegendEntry[], width: number) {
	let x = 0;
	let row = 0;
	const placed = legend.map((e) => {
		const w = SWATCH + ctx.measureText(e.label).width + 14;
		if (x > 0 && x + w > width) {
			x = 0;
			row++;
		}
		const at = { e, x, row };
		x += w;
		return at;
	});
	return { placed, height: legend.length ? (row + 1) * LINE : 0 };
}

/**
 * The PNG: the chart image (drawn at `scale` device pixels per CSS pixel) with the title and subtitle above,
 * the legend and footer below. Text is drawn at the same scale, so it reads like the page.
 */
export async function composeChartPng(chart: CanvasImageSource & { width: number; height: number }, meta: ChartMeta, scale = 2): Promise<Blob> {
	const width = chart.width;
	const inner = width / scale - 2 * PAD;
	const measure = document.createElement('canvas').getContext('2d');
	if (!measure) throw new Error('2D canvas unavailable');
	measure.font = 'bold 16px sans-serif';
	const titleLines = wrap(measure, meta.title, inner);
	measure.font = '12px sans-serif';
	const legend = legendLayout(measure, meta.legend, inner);
	const footer = meta.footer.flatMap((f) => wrap(measure, f, inner));
	const top = PAD + titleLines.length * 20 + LINE + 4;
	const height = top * scale + chart.height + (8 + legend.height + 6 + footer.length * 16 + PAD) * scale;

	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = Math.ceil(height);
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('2D canvas unavailable');
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, canvas.width, canvas.height);
	ctx.drawImage(chart, 0, top * scale);
	ctx.scale(scale, scale);
	ctx.textBaseline = 'middle';
	ctx.fillStyle = '#111111';
	ctx.font = 'bold 16px sans-serif';
	titleLines.forEach((l, i) => ctx.fillText(l, PAD, PAD + 10 + i * 20));
	ctx.font = '12px sans-serif';
	ctx.fillStyle = '#333333';
	ctx.fillText(meta.subtitle, PAD, PAD + titleLines.length * 20 + LINE / 2, inner);
	let y = top + chart.height / scale + 8;
	for (const { e, x, row } of legend.placed) {
		drawSwatch(ctx, e, PAD + x, y + row * LINE + LINE / 2);
		ctx.fillStyle = '#111111';
		ctx.fillText(e.label, PAD + x + SWATCH, y + row * LINE + LINE / 2);
	}
	y += legend.height + 6;
	ctx.fillStyle = '#444444';
	ctx.font = '11px sans-serif';
	footer.forEach((l, i) => ctx.fillText(l, PAD, y + 8 + i * 16));
	return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** Loads a data URL (ECharts' `getDataURL`) as an image to draw. */
export function loadImage(url: string): Promise<HTMLImageElement> {
	return new Promise((resolve, reject) => {
		const img = new Image();
		img.onload = () => resolve(img);
		img.onerror = () => reject(new Error('chart image failed to load'));
		img.src = url;
	});
}

/** Saves a blob under `filename` through a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
