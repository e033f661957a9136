/** Words for the workbench's stage, drop-out reason and intervention codes, shared by the page and the file exports. */
import type { Intervention } from './interventions';
import { m } from './paraglide/messages';

type Label = (inputs?: Record<string, never>, options?: { locale?: 'id' | 'en' }) => string;

/** Funnel stages of `programme_coverage`. */
export const FUNNEL_STAGE_LABEL: Record<'listed' | 'verified' | 'passed' | 'delivered' | 'signed', Label> = {
	listed: m.wb_stage_listed,
	verified: m.wb_stage_verified,
	passed: m.wb_stage_passed,
	delivered: m.wb_stage_delivered,
	signed: m.wb_stage_signed
};

/** `programme_dropouts.stopped_at`: the distribution status a household stopped at. */
const STOPPED_AT_LABEL: Record<string, Label> = { proposed: m.wb_stage_listed, verified: m.wb_stage_verified, eligible: m.wb_stage_passed };

const REASON_LABEL: Record<string, Label> = {
	not_on_any_list: m.wb_reason_not_on_any_list,
	not_extreme_poor: m.wb_reason_not_extreme_poor,
	quota_reached: m.wb_reason_quota_reached,
	not_found_at_address: m.wb_reason_not_found_at_address,
	welfare_improved: m.wb_reason_welfare_improved,
	unknown: m.wb_reason_unknown
};

export const INTERVENTION_LABEL: Record<Intervention, Label> = {
	food: m.wb_conv_food,
	cash: m.wb_conv_cash,
	health_visit: m.wb_conv_health_visit,
	sanitation: m.wb_conv_sanitation,
	counselling: m.wb_conv_counselling
};

/** A drop-out row in words; an imported code without a label is shown as it is. */
export function dropoutWords(d: { stopped_at: string; reason: string }, locale?: 'id' | 'en') {
	const o = locale ? { locale } : {};
	return { stopped_at: STOPPED_AT_LABEL[d.stopped_at]?.({}, o) ?? d.stopped_at, reason: REASON_LABEL[d.reason]?.({}, o) ?? d.reason };
}
