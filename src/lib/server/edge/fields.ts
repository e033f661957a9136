import { z } from 'zod';
import { isDistrictCode, isListRegion, isRegionCode } from '../../region-code';
import { MAX_COMPARE } from '../../targets';
import { findIndicator } from '../indicators/catalogue';
import { both, oneLine } from '../../bilingual';
import { m } from '../../paraglide/messages';

/** Schemas for the values that recur across routes; each refusal message is a Paraglide message in both languages (`oneLine`). */

export const regionCode = z.string().refine(isRegionCode, oneLine(both(m.error_reason_region_code)));

export const districtCode = z.string().refine(isDistrictCode, oneLine(both(m.error_reason_district_code)));

/** By-name lists are field-verification tools for a regency, a district or a village, never a province's or the country's. */
export const listRegion = z.string().refine(isListRegion, oneLine(both(m.error_reason_list_region)));

/** Comma-separated codes in one parameter, each checked, repeats dropped, at most `MAX_COMPARE` kept. */
export const regionList = z
	.string()
	.max(200)
	.transform((s) => [...new Set(s.split(',').map((c) => c.trim()).filter(Boolean))])
	.pipe(z.array(regionCode))
	.transform((codes) => codes.slice(0, MAX_COMPARE));

/** An indicator id, turned into its catalogue entry. */
export const indicator = z
	.string()
	.max(64)
	.transform((id, ctx) => {
		const entry = findIndicator(id);
		if (entry) return entry;
		ctx.addIssue({ code: 'custom', message: oneLine(both(m.error_reason_unknown_indicator)) });
		return z.NEVER;
	});

export const period = z.coerce.number().int().min(2000).max(2100);

export const isoDate = z.iso.date(oneLine(both(m.error_reason_date)));

export const programCode = z.string().regex(/^[A-Z0-9-]{2,40}$/, oneLine(both(m.error_reason_programme_code)));

/** The boundary version a tile or raster URL names, for its cache lifetime. */
export const version = z.string().max(64);

export const lang = z.enum(['id', 'en']);
