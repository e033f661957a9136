import { m } from '$lib/paraglide/messages';
import { formatNumber, formatValue, type Locale } from './format';
import { locale } from './i18n';
import type { IndicatorDescription } from './indicators';
import { deadlineYear, type Target, type TargetOutcome } from './targets';

/** A figure of this indicator at the precision its source publishes (7,28% stays 7,28%). */
export const indicatorValue = (indicator: IndicatorDescription, v: number | null, loc: Locale = locale()): string =>
	v === null ? m.no_data({}, { locale: loc }) : formatValue(v, indicator.unit, loc, indicator.decimals);

/** Decimals a target was adopted with (0, 0.5, 14.2): legal texts write no trailing zeros. */
const adoptedDecimals = (v: number) => Math.min(2, (String(v).split('.')[1] ?? '').length);

/** A target's value or range as adopted: `0%`, `0–0,5%`, `14,2%`. */
export function targetRange(indicator: IndicatorDescription, t: Target, loc: Locale = locale()): string {
	const max = formatValue(t.value_max, indicator.unit, loc, adoptedDecimals(t.value_max));
	return t.value_min === t.value_max ? max : `${formatNumber(t.value_min, loc, adoptedDecimals(t.value_min))}–${max}`;
}

/** "Target 2024 0% (Inpres 4/2022): tidak tercapai — 1,90%": a passed deadline is met or missed, never only "replaced". */
export function outcomeText(indicator: IndicatorDescription, o: TargetOutcome, loc: Locale = locale()): string {
	const base = { year: String(deadlineYear(o.target)), value: targetRange(indicator, o.target, loc), basis: o.target.basis };
	if (o.observed === null) return m.target_outcome_unobserved(base, { locale: loc });
	const verdict = o.met ? m.target_outcome_met({}, { locale: loc }) : m.target_outcome_missed({}, { locale: loc });
	return m.target_outcome({ ...base, verdict, observed: indicatorValue(indicator, o.observed.value, loc) }, { locale: loc });
}
