import { error, fail } from '@sveltejs/kit';
import { appendAudit } from '../auth/audit';
import type { Principal } from '../auth/policy';
import { getStore } from '../auth/store';
import { getDatabase } from '../db';
import { bilingual } from '../errors';
import { getRegion } from '../regions/query';
import { bynameList, programmesFor, purposeSchema, type BynameFilter } from './list';

export async function loadBynameForm(user: Principal, code: string) {
	const db = await getDatabase();
	const region = await getRegion(db, code);
	if (!region) error(404, bilingual('Wilayah tidak ditemukan', 'Region not found', 'not-found'));
	return { region, programmes: (await programmesFor(db, user, code)).map((p) => ({ code: p.code, name_id: p.name_id, name_en: p.name_en, period: p.period })) };
}

/**
 * Runs the list for the form the edge parsed and writes the audit entry before anything is returned.
 * A missing or too short purpose gives a form failure and no list.
 */
export async function openBynameList(user: Principal, code: string, form: (BynameFilter & { purpose: string }) | null, action: 'byname.view' | 'byname.export') {
	const purpose = purposeSchema.safeParse(form?.purpose ?? '');
	if (!form || !purpose.success) return { failure: fail(400, { error: 'purpose' as const }) };
	const filter = { program: form.program, daftar: form.daftar };
	const list = await bynameList(await getDatabase(), user, code, filter);
	if (!list) return { failure: fail(404, { error: 'programme' as const }) };
	const entry = await appendAudit(getStore(), user, { action, filter: { region: code, ...filter }, rowCount: list.rows.length, purpose: purpose.data });
	return { list, filter, audit: entry.seq };
}
