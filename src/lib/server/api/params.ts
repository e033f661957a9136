import { z } from 'zod';
import { LEVELS } from '../../indicators';
import { findIndicator } from '../indicators/catalogue';
import { BadRequest } from './errors';

export const REGION_CODE = /^(ID|\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)$/;

export const regionCode = z.string().regex(REGION_CODE, 'kode wilayah Kemendagri, mis. 63.02 / Kemendagri region code, e.g. 63.02');
const period = z.coerce.number().int().min(2000).max(2100);

export const valuesQuery = z.strictObject({
	indicator: z.string().max(64),
	region: regionCode.default('ID'),
	level: z.enum(LEVELS).optional(),
	period: period.optional(),
	format: z.enum(['arrow', 'json', 'csv']).default('arrow'),
	/** `0` leaves the names out: a map that has them already needs codes and values only. */
	names: z.enum(['0', '1']).default('1'),
	/** With `names=0`: the fingerprint of the codes the map holds (`codesFingerprint`); the same codes are then left out too. */
	codes: z
		.string()
		.regex(/^[0-9a-f]{16}$/)
		.optional()
});

export const seriesQuery = z.strictObject({
	indicator: z.string().max(64),
	region: regionCode,
	format: z.enum(['json', 'csv']).default('json')
});

export function searchParamsObject(url: URL): Record<string, string> {
	return Object.fromEntries(url.searchParams);
}

export function requireIndicator(id: string) {
	const e = findIndicator(id);
	if (!e) throw new BadRequest(`Indikator tidak dikenal: ${id}`, `Unknown indicator: ${id}`);
	return e;
}
