import { fail } from '@sveltejs/kit';
import { appendAudit } from '../auth/audit';
import type { Principal } from '../auth/policy';
import { getStore } from '../auth/store';
import { dataDir } from '../config';
import { ImportError } from '../importer';
import { EXPIRED, checkUpload, failure, publishUpload, type Report } from '../importer/admin';

/**
 * A filled verification form comes back: checked as an import of kind `verifications` whose rows must lie in
 * the list's region (the region is the import's scope), then published as a new snapshot. The publish is
 * written to the audit log (who, the region, the file, the snapshot, the rows).
 */
export async function checkForm(user: Principal, region: string, body: FormData) {
	const file = body.get('file');
	try {
		if (!(file instanceof File)) return fail(400, { error: failure(new ImportError('EMPTY_FILE')) });
		const report = await checkUpload(dataDir(), {
			bytes: new Uint8Array(await file.arrayBuffer()),
			fileName: file.name,
			kind: 'verifications',
			register: null,
			replace: false,
			replaceScope: null,
			by: user.username,
			scope: region
		});
		return { report };
	} catch (err) {
		return fail(400, { error: failure(err) });
	}
}

/** The programme a published form verified households for, from the import's changes (`verifications:<code>`). */
const programmeOf = (report: Report) => report.summary?.changes.find((c) => c.group.startsWith('verifications:'))?.group.slice('verifications:'.length) ?? null;

export async function publishForm(user: Principal, region: string, body: FormData) {
	try {
		const report = await publishUpload(dataDir(), String(body.get('token') ?? ''), { by: user.username, scope: region, confirm: [] });
		if (!report) return fail(400, { error: EXPIRED });
		const programme = programmeOf(report);
		if (report.outcome === 'published') {
			await appendAudit(getStore(), user, {
				action: 'verval.import',
				filter: { region, program: programme, file: report.fileName, snapshot: report.snapshot },
				rowCount: report.rows,
				purpose: `Formulir verifikasi lapangan / field verification form: ${report.fileName}`
			});
		}
		return { report, programme };
	} catch (err) {
		return fail(400, { error: failure(err) });
	}
}
