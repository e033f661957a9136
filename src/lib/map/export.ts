import type { Map as MapLibreMap } from 'maplibre-gl';

/** What the PNG carries besides the map: a figure always travels with its source and date. */
export interface ExportMeta {
	title: string;
	classes: { colour: string; label: string }[];
	/** Pattern rows (no data, suppressed) drawn as grey swatches with their label. */
	notes: string[];
	source: string;
	date: string;
}

/** The map's canvases (bottom up, all one size) with a title above and the legend, source and date below, as a PNG blob. */
export async function mapPng(layers: HTMLCanvasElement[], meta: ExportMeta): Promise<Blob> {
	const map = layers.at(-1);
	if (!map) throw new Error('no map canvas');
	const pad = 16;
	const line = 20;
	const legendRows = meta.classes.length + meta.notes.length;
	const width = Math.max(map.width, 480);
	const height = pad + 28 + map.height + pad + legendRows * line + 2 * line + pad;
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('2D canvas unavailable');
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, width, height);
	ctx.fillStyle = '#111111';
	ctx.font = 'bold 18px sans-serif';
	ctx.fillText(meta.title, pad, pad + 18, width - 2 * pad);
	for (const layer of layers) ctx.drawImage(layer, 0, pad + 28);
	let y = pad + 28 + map.height + pad;
	ctx.font = '13px sans-serif';
	for (const c of meta.classes) {
		ctx.fillStyle = c.colour;
		ctx.fillRect(pad, y, 24, 14);
		ctx.strokeStyle = '#999999';
		ctx.strokeRect(pad, y, 24, 14);
		ctx.fillStyle = '#111111';
		ctx.fillText(c.label, pad + 32, y + 12);
		y += line;
	}
	for (const n of meta.notes) {
		ctx.strokeStyle = '#6e6e6e';
		ctx.strokeRect(pad, y, 24, 14);
		ctx.beginPath();
		ctx.moveTo(pad, y + 14);
		ctx.lineTo(pad + 24, y);
		ctx.stroke();
		ctx.fillStyle = '#111111';
		ctx.fillText(n, pad + 32, y + 12);
		y += line;
	}
	ctx.fillStyle = '#444444';
	ctx.fillText(meta.source, pad, y + 14, width - 2 * pad);
	ctx.fillText(meta.date, pad, y + 14 + line, width - 2 * pad);
	return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/**
 * The PNG of a map whose canvases keep no copy of their pixels (cheaper frames): read in the next frame MapLibre
 * renders, while they still hold it. `layers`: the canvases that draw the map, bottom up, as they are then.
 */
export function exportMapPng(m: MapLibreMap, layers: () => HTMLCanvasElement[], meta: ExportMeta): Promise<Blob> {
	return new Promise((resolve, reject) => {
		m.once('render', () => mapPng(layers(), meta).then(resolve, reject));
		m.triggerRepaint();
	});
}
