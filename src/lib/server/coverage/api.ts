import { error } from '@sveltejs/kit';
import type { Principal } from '../auth/policy';
import { getDatabase, type SnapshotDatabase } from '../db';
import { encode, encodedResponse } from '../api/encoding';
import { memo } from '../api/memo';
import { bilingual } from '../errors';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import { exportResponse, type ExportFormat, type ExportTable } from '../export/table';
import type { Locale } from '../../format';
import { prebuiltWorkbench } from './prebuilt';
import { resolveWorkbench, type Workbench } from './service';

/** What every workbench endpoint reads besides its view: the region, the programme, and how to answer. */
export interface WorkbenchQuery {
	region: string;
	program?: string;
	format: 'json' | ExportFormat;
	lang: Locale;
}

/** One workbench endpoint: resolves the programme among those `user` may see, runs the view `p`, then answers JSON or a CSV/XLSX download. */
export async function workbenchEndpoint<P, R>(
	request: Request,
	user: Principal,
	q: WorkbenchQuery,
	p: P,
	run: (db: SnapshotDatabase, wb: Workbench, p: P) => Promise<R>,
	toTable: (r: R, wb: Workbench, p: P, lang: Locale) => ExportTable,
	stem: string
): Promise<Response> {
	const db = await getDatabase();
	const workbench = async () => {
		const wb = await resolveWorkbench(db, user, q.region, q.program);
		if (!wb) error(404, bilingual(both(m.error_no_programme_data_for, { code: q.region }), 'not-found'));
		return wb;
	};
	if (q.format !== 'json') {
		const wb = await workbench();
		return exportResponse(toTable(await run(db, wb, p), wb, p, q.lang), q.format, `${stem}-${wb.programme.code}-${wb.region.code}`);
	}
	// Keyed by the parsed (validated, defaulted) parameters, so spelling variants of one question share an answer, and by
	// which programmes the caller sees (an agency officer's default programme and overlaps are their agency's own).
	// Only the encoded JSON is remembered (national village tables are megabytes); a download computes its table again.
	// Once the programme is resolved the answer depends on nothing else about the caller: one written ahead is sent as it is.
	const sees = user.role === 'agency' ? user.agency : 'all';
	const answer = await memo(db, JSON.stringify([stem, sees, q.region, q.program ?? null, p]), async () => {
		const wb = await workbench();
		return (await prebuiltWorkbench(db, stem, wb.region.code, wb.programme.code, p as object)) ?? encode(JSON.stringify(await run(db, wb, p)));
	});
	return encodedResponse(request, answer, { headers: { 'content-type': 'application/json' } });
}
