import { loadBynameForm, openBynameList } from '$lib/server/byname/page';
import { input } from '$lib/server/edge/input';

export async function load(event) {
	return loadBynameForm(event.locals.user!, input(event).params.code);
}

export const actions = {
	default: async (event) => {
		const { params, form } = input(event);
		const r = await openBynameList(event.locals.user!, params.code, form, 'byname.view');
		return r.failure ?? { rows: r.list.rows, programme: r.list.programme.code, daftar: r.filter.daftar, audit: r.audit };
	}
};
