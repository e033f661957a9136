import type { ParamMatcher } from '@sveltejs/kit';
import { isRegionCode } from '$lib/region-code';

/** `[code=region]`: `ID` or a Kemendagri code; anything else is no route at all (404). */
export const match: ParamMatcher = (param) => isRegionCode(param);
