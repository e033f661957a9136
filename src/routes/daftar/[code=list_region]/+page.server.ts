import { loadBynameForm, openBynameList } from '$lib/server/byname/page';
import { input } from '$lib/server/edge/input';

/** Rows a list shows on the page; the downloads carry all of them. */
const SHOWN = 1000;

export async function load(event) {
	const { params, query } = input(event);
	return loadBynameForm(event.locals.user!, params.code, query.program);
}

export const actions = {
	default: async (event) => {
		const { params, form } = input(event);
		const r = await openBynameList(event.locals.user!, params.code, form, 'byname.view', {}, SHOWN);
		if (r.failure) return r.failure;
		const { list, filter, purpose, audit } = r;
		return { list: { rows: list.rows.slice(0, SHOWN), total: list.rows.length, truncated: list.truncated, audit }, ...filter, purpose };
	}
};
