/** Types shared by server and browser: what an indicator is and how a figure travels. */
export const LEVELS = ['country', 'province', 'regency', 'district', 'village'] as const;
export type Level = (typeof LEVELS)[number];

export type Unit = 'households' | 'families' | 'children' | 'people' | 'percent' | 'rupiah' | 'rupiah_per_capita_month';

export interface Text {
	id: string;
	en: string;
}

export interface IndicatorInfo {
	id: string;
	label: Text;
	unit: Unit;
	kind: 'register' | 'official';
	levels: Level[];
	source: Text;
	method: Text;
	/** Higher is worse (poverty, stunting) or better (coverage): decides the palette direction. */
	direction: 'higher_is_worse' | 'higher_is_better';
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
