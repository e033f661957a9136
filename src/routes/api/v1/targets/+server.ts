import { error, json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { toCsv } from '$lib/server/api/serialise';
import { input } from '$lib/server/edge/input';
import { bilingual } from '$lib/server/errors';
import { getRegion } from '$lib/server/regions/query';
import { evaluationDate } from '$lib/server/targets/params';
import { loadTargets } from '$lib/server/targets/query';
import { regionChain, targetIndicators, trajectoryPanel } from '$lib/server/targets/service';
import { trajectoryRows } from '$lib/targets';

/** Targets bearing on a region, the one in force on `date`, and the trajectory and status per indicator. */
export async function GET(event) {
	const q = input(event).query;
	const db = await getDatabase();
	const region = await getRegion(db, q.region);
	if (!region) error(400, bilingual(`Kode wilayah tidak dikenal: ${q.region}`, `Unknown region code: ${q.region}`));
	const date = evaluationDate(q.date, db.manifest.created);
	const targets = await loadTargets(db);
	const entries = targetIndicators(targets).filter((e) => !q.indicator || e.id === q.indicator.id);
	if (q.indicator && entries.length === 0) error(400, bilingual(`Tidak ada target untuk indikator ${q.indicator.id}`, `No targets for indicator ${q.indicator.id}`));
	const chain = await regionChain(db, region);
	const panels = await Promise.all(entries.map((e) => trajectoryPanel(db, targets, chain, e, date)));
	if (q.format === 'json') return json({ region: q.region, date, snapshot: db.manifest.id, synthetic: db.manifest.synthetic, indicators: panels });
	if (panels.length !== 1) error(400, bilingual('CSV memerlukan parameter indicator', 'CSV needs the indicator parameter'));
	const p = panels[0]!;
	const t = p.inForce?.target;
	const preamble = [
		`${p.indicator.label.id} (${p.indicator.unit}), ${region.name} ${region.code}, dievaluasi ${date}`,
		t ? `Target: ${t.value_min}–${t.value_max} pada ${t.deadline} (${t.basis}, ditetapkan ${t.adopted}); status ${p.assessment?.status}` : 'Tidak ada target yang berlaku',
		'Proyeksi: tren kuadrat terkecil atas ≤5 titik terakhir dengan metode yang sama; pita 80%',
		`Snapshot ${db.manifest.id}${db.manifest.synthetic ? ' (data sintetis)' : ''}`
	];
	const rows = trajectoryRows(p.observations, p.assessment?.projection ?? null);
	const cols = ['period', 'observed', 'ci_lower', 'ci_upper', 'method', 'source', 'projected', 'projected_lower', 'projected_upper'];
	return new Response(toCsv(rows as unknown as Record<string, unknown>[], cols, preamble), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="trajektori-${p.indicator.id}-${region.code}.csv"` }
	});
}
