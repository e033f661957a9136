import { getDatabase } from '$lib/server/db';
import { input } from '$lib/server/edge/input';
import { regionPlaces } from '$lib/server/edge/nav';
import { loadHome } from '$lib/server/pages/home';
import { featuredRegions } from '$lib/server/regions/query';

/** Signed in, home is the account's own region with its key figures and the places the account may open; signed out, the region search. */
export async function load(event) {
	input(event);
	const db = await getDatabase();
	const user = event.locals.user;
	const mine = user ? await loadHome(db, user.scope) : null;
	if (user && mine) return { mine, places: regionPlaces(user, user.scope), featured: [], snapshot: db.manifest.id };
	return { mine: null, places: [], featured: await featuredRegions(db), snapshot: db.manifest.id };
}
