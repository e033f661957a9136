import type { Message } from './bilingual';
import type { Locale } from './format';
import type { CriterionMeasure } from './criteria';
import { m } from './paraglide/messages';

/** Each Kepmensos 262/HUK/2022 criterion as people read it, by the measure that counts it. */
export const CRITERION_LABEL: Record<CriterionMeasure, Message> = {
	housing_unfit_hh: m.criterion_housing_unfit,
	informal_work_hh: m.criterion_head_informal_work,
	low_consumption_hh: m.criterion_low_consumption,
	no_safe_water_hh: m.criterion_no_safe_water,
	no_health_access_hh: m.criterion_no_health_access
};

/** How a column or an indicator names a criterion ("Kriteria Kepmensos 262/HUK/2022: rumah tidak layak huni"); the page's locale unless one is given. */
export const criterionNamed = (measure: CriterionMeasure, locale?: Locale) =>
	m.criterion_named({ criterion: CRITERION_LABEL[measure]({}, { locale }) }, { locale });
