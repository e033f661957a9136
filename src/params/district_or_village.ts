import type { ParamMatcher } from '@sveltejs/kit';
import { isDistrictOrVillage } from '$lib/region-code';

/** `[code=district_or_village]`: by-name lists are for a district or a village, never a regency or more. */
export const match: ParamMatcher = (param) => isDistrictOrVillage(param);
