import type { Map as MapLibreMap } from 'maplibre-gl';
import { BOUNDS_SOURCE, type MapLevel } from './style';
import { colourChanges } from './values';

/**
 * The class colours of one map's vector fills, as feature state `c` (the only feature state: a recolour rewrites one
 * paint array per feature it touches). Only codes whose colour changed are set again; a new level starts afresh.
 */
export class FeatureColours {
	private stateful = new Map<string, string>();
	private level: MapLevel | null = null;

	apply(m: MapLibreMap, level: MapLevel, colours: ReadonlyMap<string, string>, suppressed: ReadonlySet<string>): void {
		if (this.level !== level) {
			if (this.level) m.removeFeatureState({ source: BOUNDS_SOURCE, sourceLayer: this.level });
			this.stateful = new Map();
			this.level = level;
		}
		const { next, removed, changed } = colourChanges(this.stateful, colours, suppressed);
		// One feature object for the whole loop (MapLibre copies what it keeps): 83,762 spreads add up.
		const feature = { source: BOUNDS_SOURCE, sourceLayer: level, id: '' };
		for (const code of removed) {
			feature.id = code;
			m.removeFeatureState(feature);
		}
		for (const [code, colour] of changed) {
			feature.id = code;
			m.setFeatureState(feature, { c: colour });
		}
		this.stateful = next;
	}
}
