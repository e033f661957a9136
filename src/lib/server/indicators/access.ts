import { error } from '@sveltejs/kit';
import { getDatabase, getPublicDatabase, type SnapshotDatabase } from '../db';
import { bilingual } from '../errors';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import type { CatalogueEntry } from './catalogue';

/**
 * The database an indicator request reads: the full view for a caller inside their scope, the public
 * view otherwise (db/views.ts). An indicator the catalogue does not declare public is refused there.
 */
export async function indicatorDatabase(view: 'full' | 'public', signedIn: boolean, e: CatalogueEntry): Promise<SnapshotDatabase> {
	if (view === 'full') return getDatabase();
	if (!e.public) {
		const text = signedIn ? both(m.error_indicator_not_public_scope, { indicator: e.id }) : both(m.error_indicator_not_public_sign_in, { indicator: e.id });
		error(signedIn ? 403 : 401, bilingual(text, signedIn ? 'scope' : 'sign-in'));
	}
	return getPublicDatabase();
}
