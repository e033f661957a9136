import fs from 'node:fs';
import { error } from '@sveltejs/kit';
import { dataDir } from '$lib/server/config';
import { rejectsFile } from '$lib/server/importer/uploads';
import type { RequestHandler } from './$types';

/** The rejects file of an import: one line per problem (file, row, column, code, Indonesian and English message). */
export const GET: RequestHandler = ({ params }) => {
	const file = rejectsFile(dataDir(), params.name);
	if (!file) error(404, 'Berkas tidak ditemukan / file not found');
	return new Response(fs.readFileSync(file), { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.name}"` } });
};
