import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { REGION_CODE } from '$lib/server/api/params';
import { evaluationDate, overviewView } from '$lib/server/targets/params';
import { loadOverview } from '$lib/server/targets/service';
import { briefRights } from '$lib/server/rights/service';

export async function load({ params, url }) {
	if (!REGION_CODE.test(params.code)) error(404, 'Wilayah tidak ditemukan / region not found');
	const db = await getDatabase();
	const view = overviewView.parse(Object.fromEntries(url.searchParams));
	const overview = await loadOverview(db, params.code, evaluationDate(view.tanggal, db.manifest.created), view.urut);
	if (!overview) error(404, 'Wilayah tidak ditemukan / region not found');
	return { ...overview, rights: await briefRights(db, params.code, overview.date), sort: view.urut, print: url.searchParams.get('cetak') === '1' };
}
