import { input } from '$lib/server/edge/input';
import { sampleFile } from '$lib/server/importer/samples';

/** `/admin/import/sample/households`: a small synthetic file in the shape of the kind's native export, to try the import with. */
export function GET(event) {
	const sample = sampleFile(input(event).params.kind);
	return new Response(sample.text, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${sample.fileName}"` } });
}
