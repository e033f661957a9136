import { m } from '$lib/paraglide/messages';

/** Register counts by measure name (the snapshot's `region_values` columns), as column headings. */
const LABEL: Record<string, () => string> = {
	households: m.col_whole,
	extreme_poor_hh: m.col_part,
	under5_measured: m.pub_measured,
	under5_stunted: m.pub_stunted,
	aid_households: m.pub_aid_households,
	extreme_poor_reached: m.col_reached
};

export const measureLabel = (measure: string): string => (LABEL[measure] ?? m.col_value)();
