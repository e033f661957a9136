import { templateCsv } from '$lib/server/importer';
import { templateXlsx } from '$lib/server/importer/template';
import { input } from '$lib/server/edge/input';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `/admin/import/template/households?lang=en&format=xlsx`: the template of one import kind. */
export async function GET(event) {
	const { params, query } = input(event);
	const name = `templat-${params.kind}-${query.lang}`;
	if (query.format === 'xlsx') {
		return new Response(await templateXlsx(params.kind, query.lang), { headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename="${name}.xlsx"` } });
	}
	return new Response(templateCsv(params.kind, query.lang), { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` } });
}
