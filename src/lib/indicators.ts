/** Types shared by server and browser: what an indicator is and how a figure travels. */
export const LEVELS = ['country', 'province', 'regency', 'district', 'village'] as const;
export type Level = (typeof LEVELS)[number];

export type Unit = 'households' | 'families' | 'children' | 'people' | 'percent' | 'rupiah' | 'rupiah_per_capita_month';

export interface Text {
	id: string;
	en: string;
}

/** What an indicator is, as pages and components see it: the catalogue's description, without its SQL. */
export interface IndicatorDescription {
	id: string;
	label: Text;
	unit: Unit;
	kind: 'register' | 'official';
	levels: Level[];
	source: Text;
	method: Text;
	/** Higher is worse (poverty, stunting) or better (coverage): decides the palette direction. */
	direction: 'higher_is_worse' | 'higher_is_better';
	/**
	 * Decimal places the source publishes (BPS: 7.28 % poverty, 1 decimal for survey stunting): official figures are
	 * shown at that precision, never rounded further. Absent for computed register figures (the unit's default).
	 */
	decimals?: number;
}

/** The one shape in which an indicator travels from the server to a component: its description and the periods the snapshot holds. */
export interface Indicator extends IndicatorDescription {
	periods: number[];
}

export type ValueRow = {
	code: string;
	name: string;
	value: number | null;
};

export function childLevel(level: Level): Level | null {
	const i = LEVELS.indexOf(level);
	return LEVELS[i + 1] ?? null;
}
