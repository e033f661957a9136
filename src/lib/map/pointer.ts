import type { Geometry } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { BOUNDS_SOURCE, HOVER_SOURCE, MAP_LEVELS, type MapLevel } from './style';

/** The region under a point (null: none), with its geometry there when the vector fills answered. */
export interface RegionHit {
	code: string | null;
	shape?: Geometry;
}

/**
 * Mouse, touch and keyboard on one map, whatever draws its regions: `regionAt` answers "which region is here" (the
 * village raster below its zoom, the vector fills above), and hover, click and the keyboard's centre mark all ask it.
 * Hover outlines the region and reports it; a click, Enter or Space selects. MapLibre's own keyboard handler pans and
 * zooms the focused canvas.
 */
export class MapPointer {
	private outlined: string | null = null;

	constructor(
		private readonly m: MapLibreMap,
		private readonly level: () => MapLevel,
		private readonly regionAt: (x: number, y: number) => RegionHit,
		private readonly on: { hover: (code: string | null, x: number, y: number) => void; select: (code: string) => void },
		keyboardLabel: string
	) {
		m.on('mousemove', (e) => this.hover(regionAt(e.point.x, e.point.y), e.point.x, e.point.y));
		m.on('mouseout', () => this.hover({ code: null }, 0, 0));
		m.on('click', (e) => {
			const { code } = regionAt(e.point.x, e.point.y);
			if (code) on.select(code);
		});
		this.keyboard(keyboardLabel);
	}

	/**
	 * Outlines one region from its own geometry (`shape`, or its pieces in the loaded tiles), in a source of its own:
	 * as feature state, the hover would make every recolour rewrite a second paint array per feature.
	 */
	outline(code: string | null, shape?: Geometry): void {
		if (code === this.outlined) return;
		this.outlined = code;
		const pieces = !code ? [] : shape ? [shape] : this.m.querySourceFeatures(BOUNDS_SOURCE, { sourceLayer: this.level(), filter: ['==', ['get', 'code'], code] }).map((f) => f.geometry);
		this.m.getSource<GeoJSONSource>(HOVER_SOURCE)?.setData({ type: 'FeatureCollection', features: pieces.map((geometry) => ({ type: 'Feature', properties: { code }, geometry })) });
	}

	/** The selected region's orange outline (none: null). */
	select(code: string | null): void {
		for (const lvl of MAP_LEVELS) this.m.setFilter(`selected-${lvl}`, ['==', ['get', 'code'], code ?? '']);
	}

	private hover(hit: RegionHit, x: number, y: number): void {
		this.outline(hit.code, hit.shape);
		this.m.getCanvas().style.cursor = hit.code ? 'pointer' : '';
		this.on.hover(hit.code, x, y);
	}

	/** The region under the centre mark, reported like a hover: keyboard users read the map from there. */
	private centre(): string | null {
		const canvas = this.m.getCanvas();
		const [x, y] = [canvas.clientWidth / 2, canvas.clientHeight / 2];
		this.hover(this.regionAt(x, y), x, y);
		return this.outlined;
	}

	private keyboard(label: string): void {
		const canvas = this.m.getCanvas();
		canvas.setAttribute('aria-label', label);
		this.m.keyboard.disableRotation();
		// Only keyboard focus: a click focuses the canvas too, and its own hover must stand.
		const byKeyboard = () => canvas.matches(':focus-visible');
		canvas.addEventListener('focus', () => byKeyboard() && this.centre());
		canvas.addEventListener('blur', () => this.hover({ code: null }, 0, 0));
		this.m.on('moveend', () => byKeyboard() && this.centre());
		canvas.addEventListener('keydown', (e) => {
			if (e.key !== 'Enter' && e.key !== ' ') return;
			const code = this.centre();
			if (!code) return;
			e.preventDefault();
			this.on.select(code);
		});
	}
}
