import { ckmeans, max, min, quantile } from 'simple-statistics';
import type { IndicatorDescription, Unit } from '../indicators';

export const METHODS = ['quantile', 'jenks', 'fixed', 'diverging'] as const;
export type Method = (typeof METHODS)[number];

/** Five classes: enough to read, few enough to tell apart on a map. */
export const CLASS_COUNT = 5;

/** Viridis, light to dark: readable with every common colour-vision deficiency and in greyscale. */
const SEQUENTIAL = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'];
/** ColorBrewer PuOr (colour-blind safe), purple (falls) to orange (rises). */
const DIVERGING = ['#5e3c99', '#b2abd2', '#f7f7f7', '#fdb863', '#e66101'];
/** Fixed breaks for rates in percent, so two maps of a rate compare by colour. */
const RATE_BREAKS = [20, 40, 60, 80];

export interface Classes {
	method: Method;
	/** Upper bounds of every class but the last: `breaks.length === colours.length - 1`. */
	breaks: number[];
	colours: string[];
	/** Least and greatest value when every value is a whole number (counts): the legend then names whole ranges, `0`, `1`, `2–5`. */
	whole?: [number, number];
}

export function methodsFor(unit: Unit): Method[] {
	return unit === 'percent' ? [...METHODS] : METHODS.filter((m) => m !== 'fixed');
}

/** The colour ramp, turned so that the worse end is always the dark (or orange) end. */
function ramp(method: Method, direction: IndicatorDescription['direction']): string[] {
	const base = method === 'diverging' ? DIVERGING : SEQUENTIAL;
	return direction === 'higher_is_worse' ? base : [...base].reverse();
}

function uniqueSorted(xs: number[]): number[] {
	return [...new Set(xs)].sort((a, b) => a - b);
}

/**
 * Class breaks for `values` (nulls already removed). `diverging` is for change over time: classes
 * are symmetric around zero so that "no change" is the neutral middle colour.
 */
export function classify(values: number[], method: Method, direction: IndicatorDescription['direction']): Classes {
	const colours = ramp(method, direction);
	let breaks: number[];
	if (method === 'fixed') breaks = RATE_BREAKS;
	else if (method === 'diverging') {
		const m = Math.max(values.length ? Math.max(-min(values), max(values)) : 0, 1e-9);
		breaks = [-0.6 * m, -0.2 * m, 0.2 * m, 0.6 * m];
	} else if (!values.length) breaks = [];
	else if (method === 'quantile') {
		const top = max(values);
		// Selection, not a sort: four cuts through a national list in a few milliseconds.
		breaks = uniqueSorted(quantile(values, [1, 2, 3, 4].map((i) => i / CLASS_COUNT))).filter((b) => b < top);
	} else {
		const k = Math.min(CLASS_COUNT, new Set(values).size);
		breaks = k < 2 ? [] : ckmeans(values, k).slice(0, -1).map((cluster) => cluster.at(-1)!);
	}
	// Counts: a break between two whole numbers classes them as its whole part does, so breaks are whole too.
	const whole = method !== 'diverging' && method !== 'fixed' && values.length > 0 && values.every(Number.isInteger);
	if (whole) breaks = uniqueSorted(breaks.map(Math.floor));
	// Fewer breaks (ties, few values) keep the darkest colours so the top class stays the strongest.
	return {
		method,
		breaks,
		colours: method === 'diverging' || method === 'fixed' ? colours : colours.slice(CLASS_COUNT - breaks.length - 1),
		...(whole ? { whole: [min(values), max(values)] as [number, number] } : {})
	};
}

/** Index of the class holding `v`: values equal to a break belong to the lower class. */
export function classOf(v: number, breaks: readonly number[]): number {
	let i = 0;
	while (i < breaks.length && v > breaks[i]!) i++;
	return i;
}

/** A class of whole numbers from `lo` to `hi`: `3`, or `2–5`. */
const wholeRange = (lo: number, hi: number, fmt: (v: number) => string) => (lo >= hi ? fmt(hi) : `${fmt(lo)}–${fmt(hi)}`);

/**
 * "≤ 10", "10 – 20", …, "> 80": the same labels in the legend, the table and the PNG. Counts read as the whole
 * numbers each class holds, from the least to the greatest value: "0", "1", "2–5", "6–40".
 */
export function classLabels(c: Classes, fmt: (v: number) => string): string[] {
	const b = c.breaks;
	if (c.whole) {
		const [least, most] = c.whole;
		return c.colours.map((_, i) => wholeRange(i === 0 ? least : b[i - 1]! + 1, i < b.length ? b[i]! : most, fmt));
	}
	if (!b.length) return c.colours.map(() => '');
	return c.colours.map((_, i) => {
		const [lo, hi] = [b[i - 1], b[i]];
		if (lo === undefined) return `≤ ${fmt(hi!)}`;
		return hi === undefined ? `> ${fmt(lo)}` : `${fmt(lo)} – ${fmt(hi)}`;
	});
}
