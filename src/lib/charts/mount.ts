import type { ECharts } from 'echarts';

/**
 * Starts an ECharts canvas chart in `el` (ECharts is loaded on first use), keeps it sized to its box and to the
 * printed page, and hands it over with `ready`; the returned function disposes of it (for `onMount`).
 */
export function mountChart(el: HTMLElement, ready: (chart: ECharts) => void): () => void {
	let disposed = false;
	let chart: ECharts | undefined;
	const resize = () => chart?.resize();
	const observer = new ResizeObserver(resize);
	addEventListener('beforeprint', resize);
	import('echarts').then((echarts) => {
		if (disposed) return;
		chart = echarts.init(el, undefined, { renderer: 'canvas', devicePixelRatio: 2 });
		observer.observe(el);
		ready(chart);
	});
	return () => {
		disposed = true;
		removeEventListener('beforeprint', resize);
		observer.disconnect();
		chart?.dispose();
	};
}
