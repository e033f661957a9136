/** Words for the workbench's stage, drop-out reason and intervention codes, shared by the page and the file exports. */
import type { Intervention } from './interventions';
import { m } from './paraglide/messages';
import { VERVAL_REASON_LABEL } from './verval';

type Label = (inputs?: Record<string, never>, options?: { locale?: 'id' | 'en' }) => string;

/** Funnel stages of `programme_coverage`. */
export const FUNNEL_STAGE_LABEL: Record<'listed' | 'verified' | 'passed' | 'delivered' | 'signed', Label> = {
	listed: m.wb_stage_listed,
	verified: m.wb_stage_verified,
	passed: m.wb_stage_passed,
	delivered: m.wb_stage_delivered,
	signed: m.wb_stage_signed
};

/** A distribution status (`programme_dropouts.stopped_at` is the one a household stopped at) in words. */
export const STATUS_LABEL: Record<string, Label> = {
	proposed: m.wb_stage_listed,
	verified: m.wb_stage_verified,
	eligible: m.wb_stage_passed,
	delivered: m.wb_stage_delivered,
	receipt_signed: m.wb_stage_signed
};

const REASON_LABEL: Record<string, Label> = {
	...VERVAL_REASON_LABEL,
	not_on_any_list: m.wb_reason_not_on_any_list,
	quota_reached: m.wb_reason_quota_reached,
	awaiting_delivery: m.wb_reason_awaiting_delivery,
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
	return { stopped_at: STATUS_LABEL[d.stopped_at]?.({}, o) ?? d.stopped_at, reason: REASON_LABEL[d.reason]?.({}, o) ?? d.reason };
}
