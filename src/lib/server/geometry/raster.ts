import { encode } from 'fast-png';
import { LAND_ID, worldPixel, type RasterFrame } from '../../map/raster';
import type { Cell } from './types';

export interface VillageRaster extends RasterFrame {
	/** Per pixel, row by row: 1 + the village's index in `codes`; `LAND_ID` on land without a village; 0 (sea) elsewhere. */
	ids: Uint32Array;
}

/**
 * Draws every village into one index image at `zoom`, Web Mercator pixels like the map's own:
 * a pixel belongs to the village whose polygon covers its centre (even-odd over all rings, as a fill
 * without antialiasing draws it). A village smaller than a pixel may own none and then shows only from
 * the zoom where the map draws vector villages again. `land` (the provinces) is drawn first as
 * `LAND_ID`: the map draws no land of its own under the raster, and not every region has villages.
 */
export function rasteriseVillages(cells: readonly Cell[], bounds: readonly [number, number, number, number], zoom: number, land: readonly Cell[] = []): VillageRaster {
	const [west, north] = worldPixel(bounds[0], bounds[3], zoom);
	const [east, south] = worldPixel(bounds[2], bounds[1], zoom);
	const x0 = Math.floor(west);
	const y0 = Math.floor(north);
	const width = Math.max(1, Math.ceil(east) - x0);
	const height = Math.max(1, Math.ceil(south) - y0);
	const ids = new Uint32Array(width * height);
	const fill = (cell: Cell, id: number) => {
		const rows = new Map<number, number[]>();
		for (const polygon of cell.shape) {
			for (const ring of polygon) {
				for (let k = 1; k < ring.length; k++) {
					const [ax, ay] = worldPixel(ring[k - 1]![0], ring[k - 1]![1], zoom);
					const [bx, by] = worldPixel(ring[k]![0], ring[k]![1], zoom);
					if (ay === by) continue;
					const [top, bottom] = ay < by ? [ay, by] : [by, ay];
					// Rows whose pixel centre (y + 0.5) lies in [top, bottom): each crossing counted once.
					for (let row = Math.max(Math.ceil(top - y0 - 0.5), 0); row < Math.min(Math.ceil(bottom - y0 - 0.5), height); row++) {
						const cy = y0 + row + 0.5;
						const x = ax + ((cy - ay) * (bx - ax)) / (by - ay) - x0;
						const xs = rows.get(row);
						if (xs) xs.push(x);
						else rows.set(row, [x]);
					}
				}
			}
		}
		for (const [row, xs] of rows) {
			xs.sort((a, b) => a - b);
			for (let k = 0; k + 1 < xs.length; k += 2) {
				const from = Math.max(Math.ceil(xs[k]! - 0.5), 0);
				const to = Math.min(Math.ceil(xs[k + 1]! - 0.5), width);
				ids.fill(id, row * width + from, row * width + Math.max(from, to));
			}
		}
	};
	for (const cell of land) fill(cell, LAND_ID);
	const sorted = [...cells].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	sorted.forEach((cell, i) => fill(cell, i + 1));
	return { zoom, x0, y0, width, height, codes: sorted.map((c) => c.code), ids };
}

/** The index image as an RGB PNG (id = r·65536 + g·256 + b), which the browser decodes natively. */
export function rasterPng(r: VillageRaster): Uint8Array {
	const data = new Uint8Array(r.ids.length * 3);
	for (let p = 0; p < r.ids.length; p++) {
		const id = r.ids[p]!;
		data[3 * p] = id >> 16;
		data[3 * p + 1] = (id >> 8) & 255;
		data[3 * p + 2] = id & 255;
	}
	return encode({ width: r.width, height: r.height, data, channels: 3, depth: 8 }, { zlib: { level: 9 } });
}
