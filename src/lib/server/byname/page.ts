import { error, fail } from '@sveltejs/kit';
import { appendAudit, type AuditRecord } from '../auth/audit';
import { VERVAL_IMPORTERS, type Principal } from '../auth/policy';
import { getStore } from '../auth/store';
import { getDatabase, type SnapshotDatabase } from '../db';
import { bilingual } from '../errors';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import { getRegion, type Region } from '../regions/query';
import { inSubtree } from '../../region-code';
import { bynameList, programmesFor, purposeSchema, PURPOSE_MIN, type BynameFilter } from './list';

/** Where a list leads back to: the widest workbench the account may open that holds the region, and the village's district list. */
async function backLinks(db: SnapshotDatabase, user: Principal, region: Region) {
	const parts = region.code.split('.');
	const wider = [parts.slice(0, 2).join('.'), parts.slice(0, 3).join('.'), region.code].find((c) => inSubtree(user.scope, c)) ?? region.code;
	const name = wider === region.code ? region.name : ((await getRegion(db, wider))?.name ?? wider);
	return { workbench: wider, workbenchName: name, district: region.level === 'village' ? parts.slice(0, 3).join('.') : null };
}

export async function loadBynameForm(user: Principal, code: string, program: string | undefined) {
	const db = await getDatabase();
	const region = await getRegion(db, code);
	if (!region) error(404, bilingual(both(m.error_region_not_found), 'not-found'));
	const programmes = (await programmesFor(db, user, code)).map((p) => ({ code: p.code, name_id: p.name_id, name_en: p.name_en, period: p.period }));
	// A programme the account does not see here is answered like one that does not exist.
	if (program !== undefined && !programmes.some((p) => p.code === program)) error(404, bilingual(both(m.error_programme_not_found), 'not-found'));
	return {
		region,
		programmes,
		program: program ?? programmes[0]?.code ?? null,
		back: await backLinks(db, user, region),
		purposeMin: PURPOSE_MIN,
		// Filled verification forms come back through the list page's upload (docs/access.md).
		canImport: VERVAL_IMPORTERS.includes(user.role)
	};
}

/** The purpose rule, said by the server in both languages (the browser's own tooltip speaks one language only). */
export const PURPOSE_ERROR = bilingual(both(m.error_purpose, { min: PURPOSE_MIN }));
const PROGRAMME_ERROR = bilingual(both(m.error_programme_not_found), 'not-found');

export type BynameForm = BynameFilter & { purpose: string };

/**
 * Runs the list for the form the edge parsed and writes the audit entry (user, filter, rows returned,
 * purpose) before anything is returned. A missing or too short purpose gives a form failure that keeps
 * what was typed, and no list.
 */
export async function openBynameList(user: Principal, code: string, form: BynameForm | null, action: AuditRecord['action'], detail: Record<string, unknown> = {}, shown?: number) {
	const purpose = purposeSchema.safeParse(form?.purpose ?? '');
	const kept = { program: form?.program ?? null, daftar: form?.daftar ?? 'unreached', purpose: form?.purpose ?? '' };
	if (!form || !purpose.success) return { failure: fail(400, { ...kept, error: PURPOSE_ERROR, field: 'purpose' as const }) };
	const filter = { program: form.program, daftar: form.daftar };
	const db = await getDatabase();
	const list = await bynameList(db, user, code, filter);
	if (!list) return { failure: fail(404, { ...kept, error: PROGRAMME_ERROR, field: 'program' as const }) };
	const rowCount = shown === undefined ? list.rows.length : Math.min(shown, list.rows.length);
	const entry = await appendAudit(getStore(), user, { action, filter: { region: code, ...filter, ...detail }, rowCount, purpose: purpose.data });
	return { list, filter, purpose: purpose.data, audit: entry.seq, snapshot: db.manifest.id };
}
