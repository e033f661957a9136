import type { Unit } from './indicators';

export type Locale = 'id' | 'en';
const TAG: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

/** Intl formatters are costly to make and a table formats hundreds of cells per repaint: one per locale and options. */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let f = formatters.get(key);
	if (!f) formatters.set(key, (f = new Intl.NumberFormat(TAG[locale], options)));
	return f;
}

/** Numbers, Rupiah and dates through Intl: `1.234,5`, `Rp 3.000.000.000`, `20 Des 2024` in id-ID. */
export function formatNumber(v: number | null | undefined, locale: Locale, digits = 0): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return '–';
	return numberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

export function formatRupiah(v: number | null | undefined, locale: Locale): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return '–';
	return numberFormat(locale, { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 })
		.format(v)
		.replace(/\u00a0/g, ' ');
}

export function formatDate(d: Date | string, locale: Locale): string {
	const date = typeof d === 'string' ? new Date(d) : d;
	return new Intl.DateTimeFormat(TAG[locale], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(date);
}

/** A calendar month, `Des 2024` in id-ID; `month` is 1–12. */
export function formatMonth(year: number, month: number, locale: Locale): string {
	return new Intl.DateTimeFormat(TAG[locale], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
}

/** `decimals`: the precision the source publishes (an indicator's `decimals`); by default 1 for percentages, 0 otherwise. */
export function formatValue(v: number | null | undefined, unit: Unit, locale: Locale, decimals?: number): string {
	if (unit === 'rupiah' || unit === 'rupiah_per_capita_month') return formatRupiah(v, locale);
	if (unit === 'percent') return v === null || v === undefined ? '–' : `${formatNumber(v, locale, decimals ?? 1)}%`;
	return formatNumber(v, locale, decimals ?? 0);
}
