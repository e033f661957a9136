import { z } from 'zod';
import { BadRequest, errorResponse } from '../api/errors';
import { regionCode, searchParamsObject } from '../api/params';
import { getDatabase, type SnapshotDatabase } from '../db';
import { encodedResponse, type Encodable } from '../api/encoding';
import { memo } from '../api/memo';
import { EXPORT_FORMATS, exportResponse, type ExportTable } from '../export/table';
import type { Locale } from '../../format';
import { resolveWorkbench, type Workbench } from './service';

const common = z.object({
	region: regionCode,
	program: z.string().max(64).optional(),
	format: z.enum(['json', ...EXPORT_FORMATS]).default('json'),
	lang: z.enum(['id', 'en']).default('id')
});

/**
 * One workbench endpoint: parses `region`, `format`, `lang` and the view's own parameters (unknown
 * ones are rejected), resolves the programme, then answers JSON or a CSV/XLSX download.
 */
export async function workbenchEndpoint<S extends z.ZodRawShape, R>(
	request: Request,
	params: z.ZodObject<S>,
	run: (db: SnapshotDatabase, wb: Workbench, p: z.infer<z.ZodObject<S>>) => Promise<R>,
	toTable: (r: R, wb: Workbench, p: z.infer<z.ZodObject<S>>, lang: Locale) => ExportTable,
	stem: string
): Promise<Response> {
	try {
		const all = searchParamsObject(new URL(request.url));
		const q = common.parse(all);
		const own = Object.fromEntries(Object.entries(all).filter(([k]) => !(k in common.shape)));
		const p = params.strict().parse(own) as z.infer<z.ZodObject<S>>;
		const db = await getDatabase();
		// Keyed by the parsed (validated, defaulted) parameters, so spelling variants of one question share an answer.
		// The JSON is remembered as UTF-8 bytes: national village tables are 17-24 MB, and stringifying and encoding them took longer than the lookup.
		const answer = await memo(db, JSON.stringify([stem, q.region, q.program ?? null, p]), async () => {
			const wb = await resolveWorkbench(db, q.region, q.program);
			if (!wb) throw new BadRequest(`Tidak ada data program untuk ${q.region}`, `No programme data for ${q.region}`, 404);
			const result = await run(db, wb, p);
			return { wb, result, body: JSON.stringify(result) } as Encodable & { wb: Workbench; result: R };
		});
		const { wb, result } = answer;
		if (q.format === 'json') return encodedResponse(request, answer, { headers: { 'content-type': 'application/json' } });
		return await exportResponse(toTable(result, wb, p, q.lang), q.format, `${stem}-${wb.programme.code}-${wb.region.code}`);
	} catch (err) {
		return errorResponse(err);
	}
}
