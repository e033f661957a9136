import { encodedResponse, type Encodable } from '$lib/server/api/encoding';
import { memo } from '$lib/server/api/memo';
import { input } from '$lib/server/edge/input';
import { publicCacheHeaders } from '$lib/server/public/cache';
import { indicatorDatabase } from '$lib/server/public/query';
import { ARROW_TYPE, CODE_VALUE_COLUMNS, ONLY_VALUE_COLUMNS, VALUE_COLUMNS, toArrow, toCsv } from '$lib/server/api/serialise';
import { codesFingerprint } from '$lib/region-code';
import { getValues } from '$lib/server/indicators/service';

/** Only the body and what the headers need: the rows themselves are not kept (83,762 objects nationally). */
interface Answer extends Encodable {
	snapshot: string;
	headers: Record<string, string>;
}

export async function GET(event) {
	const { url, request, locals, setHeaders } = event;
	const q = input(event).query;
	const { indicator } = q;
	const db = await indicatorDatabase(locals.view, locals.user !== null, indicator);
	// National village answers take hundreds of milliseconds to read and encode; the snapshot cannot change under them.
	const answer = await memo(db, ['values', indicator.id, q.region, q.level, q.period, q.format, q.names, q.codes].join('|'), async (): Promise<Answer> => {
		const full = await getValues(db, indicator, q.region, q.level, q.period);
		// Only an Arrow answer for a map leaves the codes out: a CSV or JSON reader needs them.
		const held = q.format === 'arrow' && q.names === '0' && q.codes !== undefined && q.codes === codesFingerprint(full.rows.map((r) => r.code)) ? q.codes : null;
		const columns = q.names === '1' ? VALUE_COLUMNS : held ? ONLY_VALUE_COLUMNS : CODE_VALUE_COLUMNS;
		const result = q.names === '1' ? full : { ...full, rows: full.rows.map(({ code, value }) => ({ code, value })) };
		const { snapshot } = result;
		if (q.format === 'json') return { snapshot, body: JSON.stringify(result), headers: { 'content-type': 'application/json' } };
		if (q.format === 'csv') {
			const preamble = [`${indicator.label.id} (${indicator.unit}), ${result.level}, ${result.period}`, `Sumber: ${indicator.source.id}; metode: ${indicator.method.id}`, `Snapshot ${result.snapshot}${result.synthetic ? ' (data sintetis)' : ''}`];
			return {
				snapshot,
				body: toCsv(result.rows as unknown as Record<string, unknown>[], columns.map((c) => c.name), preamble),
				headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${indicator.id}-${q.region}-${result.period}.csv"` }
			};
		}
		const meta = {
			indicator: indicator.id,
			unit: indicator.unit,
			level: result.level,
			period: String(result.period),
			source: indicator.source.id,
			method: indicator.method.id,
			snapshot: result.snapshot,
			synthetic: String(result.synthetic),
			...(held ? { codes: held } : {})
		};
		return { snapshot, body: toArrow(result.rows, columns, meta), headers: { 'content-type': ARROW_TYPE } };
	});
	if (locals.view === 'public') setHeaders(publicCacheHeaders(answer.snapshot, url));
	return encodedResponse(request, answer, { headers: answer.headers });
}
