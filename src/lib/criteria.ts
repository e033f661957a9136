import type { Text } from './indicators';

/**
 * The criteria for the poor of Kepmensos 262/HUK/2022 that household rows carry as flags (housing,
 * the head's work, basic consumption, water, health care), and the register measure that counts the
 * households meeting each one per region and period (pre-aggregated in the snapshot build).
 */
export const KEPMENSOS = { id: 'Kriteria Kepmensos 262/HUK/2022', en: 'Kepmensos 262/HUK/2022 criteria' } as const;

export const CRITERIA = [
	{ flag: 'housing_unfit', measure: 'housing_unfit_hh', label: { id: 'rumah tidak layak huni', en: 'unfit housing' } },
	{ flag: 'head_informal_work', measure: 'informal_work_hh', label: { id: 'kepala keluarga bekerja informal', en: 'head works informally' } },
	{ flag: 'low_consumption', measure: 'low_consumption_hh', label: { id: 'konsumsi dasar rendah', en: 'low basic consumption' } },
	{ flag: 'no_safe_water', measure: 'no_safe_water_hh', label: { id: 'tanpa air minum layak', en: 'no safe drinking water' } },
	{ flag: 'no_health_access', measure: 'no_health_access_hh', label: { id: 'tanpa akses layanan kesehatan', en: 'no access to health care' } }
] as const satisfies readonly { flag: string; measure: string; label: Text }[];

export type CriterionMeasure = (typeof CRITERIA)[number]['measure'];

/** e-PPGBM children (August round) per region: measured, linked to a register household, and stunted with no register household. */
export const CHILD_LINK_MEASURES = ['children_measured', 'children_linked', 'children_stunted_unlisted'] as const;
