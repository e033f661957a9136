import { z } from 'zod';
import { MAX_COMPARE } from '../../targets';
import { regionCode } from '../api/params';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'tanggal YYYY-MM-DD / date YYYY-MM-DD');

export const targetsQuery = z.strictObject({
	region: regionCode.default('ID'),
	indicator: z.string().max(64).optional(),
	date: isoDate.optional(),
	format: z.enum(['json', 'csv']).default('json')
});

/** Page view state; a stale or mistyped parameter falls back to its default instead of failing. */
export const overviewView = z.object({
	tanggal: isoDate.optional().catch(undefined),
	urut: z.enum(['gap', 'change']).default('gap').catch('gap')
});

export const compareView = z.object({
	w: z
		.string()
		.optional()
		.transform((s) => [...new Set((s ?? '').split(',').map((c) => c.trim()).filter((c) => regionCode.safeParse(c).success))].slice(0, MAX_COMPARE))
		.catch([]),
	i: z.string().max(64).optional().catch(undefined),
	tanggal: isoDate.optional().catch(undefined)
});

/** Views are evaluated on the snapshot's date unless the URL names one, so a link always shows the same. */
export function evaluationDate(requested: string | undefined, snapshotCreated: string): string {
	return requested ?? snapshotCreated.slice(0, 10);
}
