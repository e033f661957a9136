/**
 * Field verification (verval): the reasons an officer may give for a household that was not found or is
 * no longer eligible, shared by the verification form, its import and the workbench's drop-out table.
 */
import { m } from './paraglide/messages';

export const VERVAL_REASONS = ['not_found_at_address', 'moved', 'deceased', 'welfare_improved', 'not_extreme_poor', 'duplicate', 'refused', 'other'] as const;
export type VervalReason = (typeof VERVAL_REASONS)[number];

type Label = (inputs?: Record<string, never>, options?: { locale?: 'id' | 'en' }) => string;

export const VERVAL_REASON_LABEL: Record<VervalReason, Label> = {
	not_found_at_address: m.wb_reason_not_found_at_address,
	moved: m.wb_reason_moved,
	deceased: m.wb_reason_deceased,
	welfare_improved: m.wb_reason_welfare_improved,
	not_extreme_poor: m.wb_reason_not_extreme_poor,
	duplicate: m.wb_reason_duplicate,
	refused: m.wb_reason_refused,
	other: m.wb_reason_other
};

/** Each reason with its words in both languages: a filled form may give the code or either label. */
export const vervalChoices = () => VERVAL_REASONS.map((code) => ({ code, id: VERVAL_REASON_LABEL[code]({}, { locale: 'id' }), en: VERVAL_REASON_LABEL[code]({}, { locale: 'en' }) }));

/**
 * A short pseudonymous reference for a household on a form: the first characters of its keyed-hash id in
 * groups of four (`A3F9-2C1B`), longer only where two households of one village share the shorter one.
 */
export function householdRef(householdId: string, length = 8): string {
	return (householdId.slice(0, length).toUpperCase().match(/.{1,4}/g) ?? []).join('-');
}
