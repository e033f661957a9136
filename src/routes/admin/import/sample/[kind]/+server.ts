import { error } from '@sveltejs/kit';
import { KINDS, type Kind } from '$lib/server/importer';
import { sampleFile } from '$lib/server/importer/samples';
import type { RequestHandler } from './$types';

/** `/admin/import/sample/households`: a small synthetic file in the shape of the kind's native export, to try the import with. */
export const GET: RequestHandler = ({ params }) => {
	if (!(KINDS as readonly string[]).includes(params.kind)) error(404, 'Jenis impor tidak dikenal / unknown import kind');
	const sample = sampleFile(params.kind as Kind);
	return new Response(sample.text, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${sample.fileName}"` } });
};
