import { loadBynameForm, openBynameList } from '$lib/server/byname/page';

export async function load({ locals, params }) {
	return loadBynameForm(locals.user!, params.code);
}

export const actions = {
	default: async ({ locals, params, request }) => {
		const r = await openBynameList(locals.user!, params.code, await request.formData(), 'byname.view');
		return r.failure ?? { rows: r.list.rows, programme: r.list.programme.code, daftar: r.filter.daftar, audit: r.audit };
	}
};
