import { error } from '@sveltejs/kit';
import { locale } from '$lib/i18n';
import { listExport, vervalFormXlsx } from '$lib/server/byname/form';
import { openBynameList } from '$lib/server/byname/page';
import { input } from '$lib/server/edge/input';
import { exportResponse } from '$lib/server/export/table';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A by-name list as CSV or XLSX, or its field verification form (XLSX). POST only, so the typed purpose
 * travels in the body; the audit entry is written before the file is made.
 */
export async function POST(event) {
	const { params, form } = input(event);
	const format = form?.format ?? 'csv';
	const r = await openBynameList(event.locals.user!, params.code, form, format === 'form' ? 'verval.form' : 'byname.export', { format });
	if (r.failure) error(r.failure.status, r.failure.data.error);
	const { list, filter, audit, snapshot } = r;
	const lang = locale();
	const context = { region: { code: params.code, name: list.region }, programme: list.programme, filter, audit, snapshot, synthetic: list.synthetic };
	const stem = `${format === 'form' ? 'formulir-verval' : 'daftar'}-${list.programme.code}-${params.code}`;
	const headers = { 'cache-control': 'private, no-store' };
	if (format !== 'form') {
		const res = await exportResponse(listExport(list.rows, context, lang), format, stem);
		for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
		return res;
	}
	return new Response(await vervalFormXlsx(list.rows, context, lang), {
		headers: { ...headers, 'content-type': XLSX, 'content-disposition': `attachment; filename="${stem}.xlsx"` }
	});
}
