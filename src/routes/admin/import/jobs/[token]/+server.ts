import { error, json } from '@sveltejs/kit';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { jobState } from '$lib/server/importer/admin';

/** `/admin/import/jobs/<token>`: stage, rows, share done and time left of the admin's own check or publish, for the page to poll. */
export function GET(event) {
	const state = jobState(input(event).params.token, event.locals.user?.username ?? '');
	if (!state) error(404, bilingual(both(m.error_job_not_found), 'not-found'));
	return json(state, { headers: { 'cache-control': 'no-store' } });
}
