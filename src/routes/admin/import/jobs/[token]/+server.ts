import { error, json } from '@sveltejs/kit';
import { jobState } from '$lib/server/importer/admin';
import type { RequestHandler } from './$types';

/** `/admin/import/jobs/<token>`: stage, rows, share done and time left of the admin's own check or publish, for the page to poll. */
export const GET: RequestHandler = ({ params, locals }) => {
	const state = jobState(params.token, locals.user?.username ?? '');
	if (!state) error(404, 'Pekerjaan tidak ditemukan / job not found');
	return json(state, { headers: { 'cache-control': 'no-store' } });
};
