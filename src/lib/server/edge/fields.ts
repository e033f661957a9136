import { z } from 'zod';
import { isDistrictCode, isListRegion, isRegionCode } from '../../region-code';
import { MAX_COMPARE } from '../../targets';
import { findIndicator } from '../indicators/catalogue';

/** Schemas for the values that recur across routes; each refusal message is `Indonesian / English`. */

export const regionCode = z.string().refine(isRegionCode, 'kode wilayah Kemendagri (PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD) atau ID / Kemendagri region code (PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD) or ID');

export const districtCode = z.string().refine(isDistrictCode, 'kode kecamatan PP.KK.CC / district code PP.KK.CC');

/** By-name lists are field-verification tools for a regency, a district or a village, never a province's or the country's. */
export const listRegion = z.string().refine(isListRegion, 'kode kabupaten/kota, kecamatan atau desa / regency, district or village code');

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
		ctx.addIssue({ code: 'custom', message: 'indikator tidak dikenal / unknown indicator' });
		return z.NEVER;
	});

export const period = z.coerce.number().int().min(2000).max(2100);

export const isoDate = z.iso.date('tanggal YYYY-MM-DD / date YYYY-MM-DD');

export const programCode = z.string().regex(/^[A-Z0-9-]{2,40}$/, 'kode program, mis. KTB-PANGAN-2024 / programme code, e.g. KTB-PANGAN-2024');

/** The boundary version a tile or raster URL names, for its cache lifetime. */
export const version = z.string().max(64);

export const lang = z.enum(['id', 'en']);
