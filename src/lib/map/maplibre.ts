import { browser } from '$app/environment';
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import maplibreUrl from 'maplibre-gl/dist/maplibre-gl.mjs?url';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import labelFontUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import { FIT_PADDING } from './preview';
import { patternImage } from './style';

/** For the page head: the module (`modulepreload`) and the label font MapLibre fetches itself (`preload`). */
export { labelFontUrl, maplibreUrl };

/**
 * Fetching and compiling MapLibre is the longest step before a first paint. Loaded by URL (the file is one
 * self-contained module), the page head can name it in a modulepreload link, so the browser fetches and compiles it
 * alongside the page's own chunks instead of after hydration. The worker starts (and compiles its own half of
 * MapLibre) as soon as the module runs, while the page still hydrates.
 */
const maplibre = browser
	? (import(/* @vite-ignore */ maplibreUrl) as Promise<typeof import('maplibre-gl')>).then((lib) => {
			lib.setWorkerUrl(workerUrl);
			lib.prewarm();
			return lib;
		})
	: null;

/**
 * A MapLibre map in `container` fitted to `bounds`, with the hatch and dots patterns: no rotation, no fades, no
 * attribution (every source is ours), no kept copy of its pixels (the PNG export reads them in the frame that draws
 * them). Null on the server, or when `cancelled` says so once MapLibre has loaded.
 */
export async function createMap(container: HTMLElement, style: () => StyleSpecification, bounds: [number, number, number, number], cancelled: () => boolean): Promise<MapLibreMap | null> {
	if (!maplibre) return null;
	const lib = await maplibre;
	if (cancelled()) return null;
	const m = new lib.Map({
		container,
		style: style(),
		bounds,
		fitBoundsOptions: { padding: FIT_PADDING },
		attributionControl: false,
		fadeDuration: 0,
		dragRotate: false,
		pitchWithRotate: false,
		canvasContextAttributes: { preserveDrawingBuffer: false }
	});
	m.touchZoomRotate.disableRotation();
	m.addImage('hatch', patternImage('hatch'));
	m.addImage('dots', patternImage('dots'));
	return m;
}

/**
 * Calls `then` in the next frame drawn with every tile of the view loaded, i.e. the first one that shows a change just
 * made (feature state and layer changes reach the screen in the next render). Waiting for 'idle' instead also waits
 * for the label placement to settle, two more frames for nothing.
 */
export function afterDrawn(m: MapLibreMap, then: () => void): void {
	const drawn = () => {
		if (!m.areTilesLoaded()) return;
		m.off('render', drawn);
		then();
	};
	m.on('render', drawn);
}
