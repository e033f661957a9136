import { error } from '@sveltejs/kit';
import { getDatabase, getPublicDatabase, type SnapshotDatabase } from '../db';
import { bilingual } from '../errors';
import type { CatalogueEntry } from './catalogue';

/**
 * The database an indicator request reads: the full view for a caller inside their scope, the public
 * view otherwise (db/views.ts). An indicator the catalogue does not declare public is refused there.
 */
export async function indicatorDatabase(view: 'full' | 'public', signedIn: boolean, e: CatalogueEntry): Promise<SnapshotDatabase> {
	if (view === 'full') return getDatabase();
	if (!e.public) {
		error(
			signedIn ? 403 : 401,
			bilingual(
				`Indikator ${e.id} tidak termasuk data publik${signedIn ? ' untuk wilayah ini' : '; silakan masuk'}. Data terbuka: /api/v1/public/nilai-wilayah`,
				`Indicator ${e.id} is not public${signedIn ? ' for this region' : '; please sign in'}. Open data: /api/v1/public/nilai-wilayah`,
				signedIn ? 'scope' : 'sign-in'
			)
		);
	}
	return getPublicDatabase();
}
