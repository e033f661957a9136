import { loadBynameForm } from '$lib/server/byname/page';
import { checkForm, publishForm } from '$lib/server/byname/verval';
import { input } from '$lib/server/edge/input';

export async function load(event) {
	const { params } = input(event);
	return loadBynameForm(event.locals.user!, params.code, undefined);
}

/** The file is multipart: the action reads it itself; the region comes from the parsed route. */
export const actions = {
	check: async (event) => checkForm(event.locals.user!, input(event).params.code, await event.request.formData()),
	publish: async (event) => publishForm(event.locals.user!, input(event).params.code, await event.request.formData())
};
