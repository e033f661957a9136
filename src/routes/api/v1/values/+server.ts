import { encodedResponse } from '$lib/server/api/encoding';
import { memo } from '$lib/server/api/memo';
import { input } from '$lib/server/edge/input';
import { indicatorDatabase } from '$lib/server/indicators/access';
import { valuesAnswer } from '$lib/server/indicators/answer';
import { publicCacheHeaders } from '$lib/server/public/cache';

export async function GET(event) {
	const { url, request, locals, setHeaders } = event;
	const { indicator, ...q } = input(event).query;
	const db = await indicatorDatabase(locals.view, locals.user !== null, indicator);
	const answer = await memo(db, ['values', indicator.id, q.region, q.level, q.period, q.format, q.names, q.codes].join('|'), () => valuesAnswer(db, indicator, q));
	if (locals.view === 'public') setHeaders(publicCacheHeaders(answer.snapshot, url));
	return encodedResponse(request, answer, { headers: answer.headers });
}
