import { getLocale } from '$lib/paraglide/runtime';
import type { Level, Text, Unit } from './indicators';
import type { Locale } from './format';
import { m } from '$lib/paraglide/messages';
import type { Agency, Role } from './server/auth/policy';

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

const ROLE_LABEL: Record<Role, () => string> = {
	admin: m.role_admin,
	planner: m.role_planner,
	agency: m.role_agency,
	district: m.role_district,
	village: m.role_village,
	viewer: m.role_viewer
};
/** A role as people call it, never its key (`planner`). */
export const roleLabel = (r: Role) => ROLE_LABEL[r]();

const AGENCY_LABEL: Record<Agency, () => string> = { dinsos: m.agency_dinsos, dinkes: m.agency_dinkes, dp2kb: m.agency_dp2kb };
export const agencyLabel = (a: Agency) => AGENCY_LABEL[a]();
