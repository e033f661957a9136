import fs from 'node:fs';
import { error } from '@sveltejs/kit';
import { dataDir } from '$lib/server/config';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { rejectsFile } from '$lib/server/importer/uploads';

/** The rejects file of an import: one line per problem (file, row, column, code, Indonesian and English message). */
export function GET(event) {
	const { name } = input(event).params;
	const file = rejectsFile(dataDir(), name);
	if (!file) error(404, bilingual(both(m.error_file_not_found), 'not-found'));
	return new Response(fs.readFileSync(file), { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` } });
}
