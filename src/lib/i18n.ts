import { getLocale } from '$lib/paraglide/runtime';
import type { Level, Text, Unit } from './indicators';
import type { Locale } from './format';
import { m } from '$lib/paraglide/messages';

export function locale(): Locale {
	return getLocale() === 'en' ? 'en' : 'id';
}

export function text(t: Text): string {
	return t[locale()];
}

const LEVEL_LABEL: Record<Level, () => string> = {
	country: m.level_country,
	province: m.level_province,
	regency: m.level_regency,
	district: m.level_district,
	village: m.level_village
};
export const levelLabel = (l: Level) => LEVEL_LABEL[l]();

const UNIT_LABEL: Record<Unit, () => string> = {
	households: m.unit_households,
	families: m.unit_families,
	children: m.unit_children,
	people: m.unit_people,
	percent: m.unit_percent,
	rupiah: m.unit_rupiah,
	rupiah_per_capita_month: m.unit_rupiah_per_capita_month
};
export const unitLabel = (u: Unit) => UNIT_LABEL[u]();
