import { m } from '$lib/paraglide/messages';

/** The places a region leads to (its page, map, brief, workbench, by-name lists). */
export type Place = 'region' | 'map' | 'brief' | 'workbench' | 'lists';
/** The items of the site menu; which ones an account gets is decided on the server from the route table (`edge/nav.ts`). */
export type NavId = 'home' | Place | 'admin' | 'public' | 'glossary';

export const NAV_LABEL: Record<NavId, () => string> = {
	home: m.nav_home,
	region: m.nav_region,
	map: m.nav_map,
	brief: m.nav_brief,
	workbench: m.nav_workbench,
	lists: m.nav_lists,
	admin: m.nav_admin,
	public: m.pub_title,
	glossary: m.nav_glossary
};
