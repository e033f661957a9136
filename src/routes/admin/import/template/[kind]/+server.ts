import { error } from '@sveltejs/kit';
import { KINDS, templateCsv, type Kind } from '$lib/server/importer';
import { templateXlsx } from '$lib/server/importer/template';
import type { RequestHandler } from './$types';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `/admin/import/template/households?lang=en&format=xlsx`: the template of one import kind. */
export const GET: RequestHandler = async ({ params, url }) => {
	if (!(KINDS as readonly string[]).includes(params.kind)) error(404, 'Jenis impor tidak dikenal / unknown import kind');
	const kind = params.kind as Kind;
	const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'id';
	const name = `templat-${kind}-${lang}`;
	if (url.searchParams.get('format') === 'xlsx') {
		return new Response(await templateXlsx(kind, lang), { headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename="${name}.xlsx"` } });
	}
	return new Response(templateCsv(kind, lang), { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` } });
};
