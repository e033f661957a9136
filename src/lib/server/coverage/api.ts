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
	const resolve = async () => {
		const wb = await resolveWorkbench(db, user, q.region, q.program);
		if (!wb) error(404, bilingual(both(m.error_no_programme_data_for, { code: q.region }), 'not-found'));
		return { wb, result: await run(db, wb, p) };
	};
	if (q.format !== 'json') {
		const { wb, result } = await resolve();
		return exportResponse(toTable(result, wb, p, q.lang), q.format, `${stem}-${wb.programme.code}-${wb.region.code}`);
	}
	// Keyed by the parsed (validated, defaulted) parameters, so spelling variants of one question share an answer, and by
	// which programmes the caller sees (an agency officer's default programme and overlaps are their agency's own).
	// Only the encoded JSON is remembered (national village tables are megabytes); a download computes its table again.
	const sees = user.role === 'agency' ? user.agency : 'all';
	const answer = await memo(db, JSON.stringify([stem, sees, q.region, q.program ?? null, p]), async () => encode(JSON.stringify((await resolve()).result)));
	return encodedResponse(request, answer, { headers: { 'content-type': 'application/json' } });
}
