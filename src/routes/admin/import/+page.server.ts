import { fail } from '@sveltejs/kit';
import { both } from '$lib/bilingual';
import { m } from '$lib/paraglide/messages';
import { dataDir } from '$lib/server/config';
import { snapshotHealth } from '$lib/server/db';
import { ImportError, KINDS, KIND_SPECS, REGISTERS, readImportLog, verifyImportLog } from '$lib/server/importer';
import { EXPIRED, cancelJob, failure, jobAnswer, startCheck, startPublish, startRemap, type JobAnswer } from '$lib/server/importer/admin';
import { mappingTargets, methodAnswers, remapForm } from '$lib/server/importer/form';
import { listProfiles } from '$lib/server/importer/profiles';
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
		health: snapshotHealth(),
		profiles: listProfiles(root).map((p) => ({ name: p.name, kind: p.kind })),
		targets: mappingTargets()
	};
};

/** A job's answer as the page takes it: a report, a failure (400), or the progress to show while it runs. */
async function answer(token: string | null | undefined, by: string) {
	const got: JobAnswer | null = token ? await jobAnswer(token, by) : null;
	if (!got) return fail(400, { error: EXPIRED });
	return 'error' in got ? fail(400, { error: got.error }) : got;
}

/**
 * A step that starts a job (check, remap, publish) from the form, for the admin asking and within their scope, and
 * answers with the job's report or progress; whatever the step refuses is a 400 that says why.
 */
function step(start: (form: FormData, who: { by: string; scope: string }) => Promise<string | null | undefined> | string | null | undefined) {
	return async ({ request, locals }: { request: Request; locals: App.Locals }) => {
		const form = await request.formData();
		const by = locals.user?.username ?? 'unknown';
		try {
			// A regional admin imports only rows inside their region.
			return await answer(await start(form, { by, scope: locals.user?.scope ?? '' }), by);
		} catch (err) {
			return fail(400, { error: failure(err) });
		}
	};
}

export const actions: Actions = {
	check: step(async (form, who) => {
		const file = form.get('file');
		const kind = String(form.get('kind') ?? '');
		if (!(file instanceof File)) throw new ImportError('EMPTY_FILE');
		return startCheck(dataDir(), {
			bytes: new Uint8Array(await file.arrayBuffer()),
			fileName: file.name,
			kind,
			register: kind === 'households' ? String(form.get('register') ?? '') : null,
			replace: form.get('replace') === 'on',
			replaceScope: String(form.get('replace_scope') ?? '').trim() || null,
			profile: String(form.get('profile') ?? '').trim() || null,
			...who
		}).token;
	}),
	/** The mapping step: check the stored upload again with the admin's mapping (and save it as a profile). */
	remap: step((form, who) => startRemap(dataDir(), String(form.get('token') ?? ''), { ...who, ...remapForm(form) })?.token),
	publish: step(
		(form, who) => startPublish(dataDir(), String(form.get('token') ?? ''), { ...who, confirm: form.getAll('confirm').map(String), methodChanges: methodAnswers(form) })?.token
	),
	/** A long check or publish: its report once done, else its progress again (the page's button without JavaScript). */
	progress: async ({ request, locals }) => {
		const by = locals.user?.username ?? 'unknown';
		return answer(String((await request.formData()).get('token') ?? ''), by);
	},
	cancel: async ({ request, locals }) => {
		const by = locals.user?.username ?? 'unknown';
		const token = String((await request.formData()).get('token') ?? '');
		if (!(await cancelJob(token, by))) return fail(400, { error: EXPIRED });
		return { cancelled: true };
	},
	rollback: async ({ request, locals }) => {
		// Rolling back replaces every region's data: national administrators only.
		if (locals.user?.scope !== 'ID') return fail(403, { error: { code: 'ROLLBACK_NATIONAL', ...both(m.import_rollback_national) } });
		const id = String((await request.formData()).get('id') ?? '');
		try {
			await rollbackSnapshot(dataDir(), id, locals.user?.username ?? 'unknown');
			return { rolledBack: id };
		} catch {
			return fail(400, { error: { code: 'ROLLBACK', ...both(m.import_rollback_failed) } });
		}
	}
};
