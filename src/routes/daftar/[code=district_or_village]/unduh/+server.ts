import { error } from '@sveltejs/kit';
import { toCsv } from '$lib/server/api/serialise';
import { openBynameList } from '$lib/server/byname/page';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';

/** CSV export of a by-name list; POST only, so the typed purpose travels in the body and is audited. */
export async function POST(event) {
	const { params, form } = input(event);
	const r = await openBynameList(event.locals.user!, params.code, form, 'byname.export');
	if (r.failure?.status === 404) error(404, bilingual('Program tidak ada untuk wilayah dan akun ini', 'No such programme for this region and account', 'not-found'));
	if (r.failure) error(400, bilingual('Tujuan (≥10 karakter) wajib diisi', 'A purpose (≥10 characters) is required'));
	const cols = ['household_id', 'village_code', 'village_name', 'decile', 'head_name', 'status'];
	return new Response(toCsv(r.list.rows, cols, [`Daftar nama ${r.list.programme.code} ${params.code} (${r.filter.daftar}); audit #${r.audit}; RAHASIA / RESTRICTED`]), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="daftar-${r.list.programme.code}-${params.code}.csv"`, 'cache-control': 'private, no-store' }
	});
}
