import type { ParamMatcher } from '@sveltejs/kit';
import { isListRegion } from '$lib/region-code';

/** `[code=list_region]`: by-name lists are for a regency, a district or a village, never a province or the country. */
export const match: ParamMatcher = (param) => isListRegion(param);
