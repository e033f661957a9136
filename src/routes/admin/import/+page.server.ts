import { fail } from '@sveltejs/kit';
import { dataDir } from '$lib/server/config';
import { snapshotHealth } from '$lib/server/db';
import { ImportError, KINDS, KIND_SPECS, REGISTERS, readImportLog, verifyImportLog } from '$lib/server/importer';
import { checkUpload, failure, publishUpload } from '$lib/server/importer/admin';
import { rollbackSnapshot, snapshotListing } from '$lib/server/importer/snapshots';
import { input } from '$lib/server/edge/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	input(event);
	const root = dataDir();
	return {
		kinds: KINDS.map((kind) => ({ kind, label: KIND_SPECS[kind].label })),
		registers: REGISTERS,
		snapshots: snapshotListing(root),
		log: readImportLog(root).slice(-20).reverse(),
		chain: verifyImportLog(root),
		health: snapshotHealth()
	};
};

export const actions: Actions = {
	check: async ({ request, locals }) => {
		const form = await request.formData();
		const file = form.get('file');
		const kind = String(form.get('kind') ?? '');
		try {
			if (!(file instanceof File)) return fail(400, { error: failure(new ImportError('EMPTY_FILE')) });
			const report = await checkUpload(dataDir(), {
				bytes: new Uint8Array(await file.arrayBuffer()),
				fileName: file.name,
				kind,
				register: kind === 'households' ? String(form.get('register') ?? '') : null,
				replace: form.get('replace') === 'on',
				replaceScope: String(form.get('replace_scope') ?? '').trim() || null,
				by: locals.user?.username ?? 'unknown',
				// A regional admin imports only rows inside their region.
				scope: locals.user?.scope ?? ''
			});
			return { report };
		} catch (err) {
			return fail(400, { error: failure(err) });
		}
	},
	publish: async ({ request, locals }) => {
		const form = await request.formData();
		const token = String(form.get('token') ?? '');
		try {
			const report = await publishUpload(dataDir(), token, {
				by: locals.user?.username ?? 'unknown',
				scope: locals.user?.scope ?? '',
				confirm: form.getAll('confirm').map(String)
			});
			if (!report) return fail(400, { error: { code: 'EXPIRED', id: 'Unggahan tidak ditemukan atau kedaluwarsa; unggah ulang.', en: 'Upload not found or expired; upload it again.' } });
			return { report };
		} catch (err) {
			return fail(400, { error: failure(err) });
		}
	},
	rollback: async ({ request, locals }) => {
		// Rolling back replaces every region's data: national administrators only.
		if (locals.user?.scope !== 'ID') return fail(403, { error: { code: 'ROLLBACK_NATIONAL', id: 'Rollback hanya untuk administrator nasional (cakupan ID).', en: 'Rollback is for national administrators (scope ID) only.' } });
		const id = String((await request.formData()).get('id') ?? '');
		try {
			await rollbackSnapshot(dataDir(), id, locals.user?.username ?? 'unknown');
			return { rolledBack: id };
		} catch {
			return fail(400, { error: { code: 'ROLLBACK', id: 'Snapshot tidak ada atau berkasnya tidak cocok dengan manifest.', en: 'No such snapshot, or its files do not match the manifest.' } });
		}
	}
};
