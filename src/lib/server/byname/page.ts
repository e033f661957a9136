import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { appendAudit } from '../auth/audit';
import type { Principal } from '../auth/policy';
import { getStore } from '../auth/store';
import { getDatabase } from '../db';
import { getRegion } from '../regions/query';
import { bynameList, bynameQuery, programmesFor, purposeSchema } from './list';

/** District and village codes only: a by-name list is a field-verification tool, not a regency dump. */
const LIST_CODE = /^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/;

export async function loadBynameForm(user: Principal, code: string) {
	if (!LIST_CODE.test(code)) error(404, 'Daftar nama hanya untuk kecamatan atau desa / by-name lists are for districts and villages only');
	const db = await getDatabase();
	const region = await getRegion(db, code);
	if (!region) error(404, 'Wilayah tidak ditemukan / region not found');
	return { region, programmes: (await programmesFor(db, user, code)).map((p) => ({ code: p.code, name_id: p.name_id, name_en: p.name_en, period: p.period })) };
}

/**
 * Reads the filter and typed purpose from a form, runs the list, and writes the audit entry before
 * anything is returned. Invalid input gives a form failure and no list.
 */
export async function openBynameList(user: Principal, code: string, form: FormData, action: 'byname.view' | 'byname.export') {
	const parsed = z.object({ purpose: purposeSchema }).extend(bynameQuery.shape).safeParse(Object.fromEntries(form));
	if (!LIST_CODE.test(code) || !parsed.success) return { failure: fail(400, { error: 'purpose' as const }) };
	const { purpose, ...filter } = parsed.data;
	const list = await bynameList(await getDatabase(), user, code, filter);
	if (!list) return { failure: fail(404, { error: 'programme' as const }) };
	const entry = await appendAudit(getStore(), user, { action, filter: { region: code, ...filter }, rowCount: list.rows.length, purpose });
	return { list, filter, audit: entry.seq };
}
