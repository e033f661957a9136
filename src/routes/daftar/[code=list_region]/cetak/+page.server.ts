import { formHeaders, printGroups } from '$lib/server/byname/form';
import { loadBynameForm, openBynameList } from '$lib/server/byname/page';
import { input } from '$lib/server/edge/input';

export async function load(event) {
	const { params } = input(event);
	return loadBynameForm(event.locals.user!, params.code, undefined);
}

/** The printable verification form: the list village by village, audited like a download. */
export const actions = {
	default: async (event) => {
		const { params, form } = input(event);
		const r = await openBynameList(event.locals.user!, params.code, form, 'verval.print', { format: 'print' });
		if (r.failure) return r.failure;
		const { list, filter, purpose, audit, snapshot } = r;
		const sheet = { groups: printGroups(list.rows), headers: formHeaders(), programme: list.programme, audit, snapshot, printed: new Date().toISOString().slice(0, 10) };
		return { sheet, ...filter, purpose };
	}
};
