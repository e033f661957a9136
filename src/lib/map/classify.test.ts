import { describe, expect, it } from 'vitest';
import { classify, classLabels, classOf, methodsFor } from './classify';

const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50, 51, 52, 100];

describe('choropleth classes', () => {
	it('quantiles put about the same number of villages in each class', () => {
		const c = classify(values, 'quantile', 'higher_is_worse');
		const counts = [0, 0, 0, 0, 0];
		for (const v of values) counts[classOf(v, c.breaks)]! += 1;
		expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
	});

	it('natural breaks keep the gap between 10 and 50 as a class edge', () => {
		const c = classify(values, 'jenks', 'higher_is_worse');
		expect(classOf(10, c.breaks)).toBeLessThan(classOf(50, c.breaks));
		expect(classOf(100, c.breaks)).toBe(c.colours.length - 1);
	});

	it('fixed breaks for rates are the same whatever the data', () => {
		expect(classify([3, 4], 'fixed', 'higher_is_worse').breaks).toEqual(classify([90], 'fixed', 'higher_is_worse').breaks);
		expect(methodsFor('households')).not.toContain('fixed');
	});

	it('diverging classes are symmetric with no change in the neutral middle', () => {
		const c = classify([-10, 2, 5], 'diverging', 'higher_is_worse');
		expect(c.breaks[0]).toBe(-c.breaks[3]!);
		expect(c.colours[classOf(0, c.breaks)]).toBe('#f7f7f7');
	});

	it('the worse end is dark whichever way the indicator points', () => {
		const worse = classify(values, 'quantile', 'higher_is_worse');
		const better = classify(values, 'quantile', 'higher_is_better');
		expect(worse.colours.at(-1)).toBe('#440154');
		expect(better.colours[0]).toBe('#440154');
	});

	it('a handful of equal values still gets one valid class', () => {
		const c = classify([7, 7, 7], 'jenks', 'higher_is_worse');
		expect(c.breaks).toEqual([]);
		expect(c.colours).toHaveLength(1);
	});
});

describe('class labels', () => {
	it('read as closed upper bounds from the first class to the last', () => {
		const c = classify([5, 50], 'fixed', 'higher_is_worse');
		expect(classLabels(c, String)).toEqual(['≤ 20', '20 – 40', '40 – 60', '60 – 80', '> 80']);
	});
});

describe('class labels of counts', () => {
	it('name the whole numbers each class holds, not "≤ 0 / 0 – 1 / > 1"', () => {
		const packages = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 5, 8, 13];
		const c = classify(packages, 'quantile', 'higher_is_worse');
		expect(classLabels(c, String)).toEqual(['0', '1', '2', '3–4', '5–13']);
		for (const v of packages) expect(classLabels(c, String)[classOf(v, c.breaks)]).toMatch(new RegExp(`^(${v}|\\d+–\\d+)$`));
	});

	it('keep every count in the class its label names', () => {
		const counts = [3, 7, 7, 12, 40, 41, 90, 200];
		for (const method of ['quantile', 'jenks'] as const) {
			const c = classify(counts, method, 'higher_is_worse');
			const labels = classLabels(c, String);
			for (const v of counts) {
				const [lo, hi = lo] = labels[classOf(v, c.breaks)]!.split('–').map(Number);
				expect(v).toBeGreaterThanOrEqual(lo!);
				expect(v).toBeLessThanOrEqual(hi!);
			}
		}
	});

	it('keep bounds for rates, which are not whole numbers', () => {
		expect(classify([0.5, 1.5, 2.5], 'quantile', 'higher_is_worse').whole).toBeUndefined();
	});
});
