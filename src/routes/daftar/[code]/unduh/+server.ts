import { toCsv } from '$lib/server/api/serialise';
import { openBynameList } from '$lib/server/byname/page';

/** CSV export of a by-name list; POST only, so the typed purpose travels in the body and is audited. */
export async function POST({ locals, params, request }) {
	const r = await openBynameList(locals.user!, params.code, await request.formData(), 'byname.export');
	if (r.failure) return new Response('Tujuan (≥10 karakter) dan program wajib diisi / purpose (≥10 characters) and programme required\n', { status: r.failure.status });
	const cols = ['household_id', 'village_code', 'village_name', 'decile', 'head_name', 'status'];
	return new Response(toCsv(r.list.rows, cols, [`Daftar nama ${r.list.programme.code} ${params.code} (${r.filter.daftar}); audit #${r.audit}; RAHASIA / RESTRICTED`]), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="daftar-${r.list.programme.code}-${params.code}.csv"`, 'cache-control': 'private, no-store' }
	});
}
