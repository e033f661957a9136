/**
 * Requests as a hand-made client sends them, for the tests that walk every route (the access matrix,
 * the fuzz run): sample values of every parameter, route paths filled in, no URL normalisation.
 */
import http from 'node:http';

/** Two valid values of every parameter a route takes besides the region-bearing ones; a request that gives one sends the first. */
export const SAMPLES: Record<string, [string, string]> = {
	indicator: ['dtks_hh', 'poverty_rate'],
	period: ['2024', '2023'],
	date: ['2025-06-01', '2024-06-01'],
	// csv first: a by-name download's form takes csv, xlsx or form; the API tries give json themselves.
	format: ['csv', 'json'],
	lang: ['id', 'en'],
	level: ['village', 'district'],
	names: ['1', '0'],
	codes: ['0123456789abcdef', 'fedcba9876543210'],
	q: ['Kota', 'Sungai'],
	limit: ['5', '10'],
	v: ['a', 'b'],
	table: ['funnel', 'overlap'],
	sort: ['name', 'code'],
	dir: ['desc', 'asc'],
	top: ['5', '10'],
	min_cov: ['10', '20'],
	max_cov: ['90', '80'],
	min_unmet: ['1', '2'],
	rule: ['flat', 'eligible'],
	packages: ['1000', '2000'],
	budget: ['1000000000', '2000000000'],
	min: ['0', '1'],
	ke: ['en', 'id'],
	kembali: ['/', '/cari'],
	cetak: ['1', '1'],
	c: ['quantile', 'jenks'],
	daftar: ['unreached', 'reached'],
	purpose: ['Verifikasi lapangan paket pangan Desember', 'Cek penerima sebelum rapat TKPK'],
	section: ['coverage', 'funnel'],
	page: ['1', '2'],
	rows: ['10', '25'],
	mode: ['next', 'total'],
	rights_sort: ['worst_pct', 'name'],
	rights_dir: ['asc', 'desc'],
	// Form fields of /akun and /admin. A current password no account has: the matrix never changes a password.
	current: ['bukan-kata-sandi-siapa-pun', 'juga-bukan-kata-sandi'],
	password: ['kata-sandi-baru-matriks', 'kata-sandi-lain-matriks'],
	again: ['kata-sandi-baru-matriks', 'kata-sandi-lain-matriks'],
	username: ['matriks-baru', 'kotabaru-viewer'],
	role: ['viewer', 'planner'],
	scope: ['63.02', 'ID'],
	agency: ['dinsos', 'dinkes'],
	disabled: ['1', '0']
};
const PATH_PARAMS: Record<string, string> = { table: 'program', z: '1', x: '1', y: '1', part: 'villages.json', kind: 'households', name: 'x-rejects.csv' };
/** A route id with its region code (and any other parameter, a sample value) filled in. */
export const routePath = (id: string, code: string) => id.replace(/\[(\w+)(?:=\w+)?\]/g, (_, k: string) => (k === 'code' ? code : PATH_PARAMS[k]!));

export interface Answer {
	status: number;
	type: string;
	location: string;
	body: Buffer;
}

/** Sends the path as written (no URL normalisation on the way), like a hand-made request would. */
export function send(base: string, t: { method: 'GET' | 'POST'; path: string; form?: string }, cookie: string | null): Promise<Answer> {
	const { hostname, port } = new URL(base);
	const headers: Record<string, string> = { accept: 'text/html,application/json;q=0.9,*/*;q=0.8', ...(cookie ? { cookie } : {}) };
	if (t.method === 'POST') Object.assign(headers, { origin: base, 'content-type': 'application/x-www-form-urlencoded' });
	return new Promise((resolve, reject) => {
		const req = http.request({ hostname, port, path: t.path, method: t.method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', location: res.headers.location ?? '', body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(t.form);
	});
}

/** Runs `run` over `items` with at most `size` at once. */
export async function pool<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(Array.from({ length: size }, async () => {
		while (next < items.length) await run(items[next++]!);
	}));
}

