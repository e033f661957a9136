import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { REGION_CODE } from '$lib/server/api/params';
import { loadWorkbench } from '$lib/server/coverage/page';
import { mapGeometry } from '$lib/server/geometry/page';

export async function load({ params, url }) {
	if (!REGION_CODE.test(params.code)) error(404, 'Wilayah tidak ditemukan / region not found');
	const data = await loadWorkbench(await getDatabase(), params.code, url.searchParams);
	if (!data) error(404, 'Tidak ada data program untuk wilayah ini / no programme data for this region');
	return { ...data, geometry: mapGeometry(params.code) };
}
