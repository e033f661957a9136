/**
 * The criteria for the poor of Kepmensos 262/HUK/2022 that household rows carry as flags (housing,
 * the head's work, basic consumption, water, health care), and the register measure that counts the
 * households meeting each one per region and period (pre-aggregated in the snapshot build). Their names
 * are Paraglide messages (`criteria-labels.ts`).
 */
export const CRITERIA = [
	{ flag: 'housing_unfit', measure: 'housing_unfit_hh' },
	{ flag: 'head_informal_work', measure: 'informal_work_hh' },
	{ flag: 'low_consumption', measure: 'low_consumption_hh' },
	{ flag: 'no_safe_water', measure: 'no_safe_water_hh' },
	{ flag: 'no_health_access', measure: 'no_health_access_hh' }
] as const satisfies readonly { flag: string; measure: string }[];

export type CriterionMeasure = (typeof CRITERIA)[number]['measure'];

/** e-PPGBM children (August round) per region: measured, linked to a register household, and stunted with no register household. */
export const CHILD_LINK_MEASURES = ['children_measured', 'children_linked', 'children_stunted_unlisted'] as const;
