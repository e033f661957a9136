import path from 'node:path';
import { importFile, type ImportResult, type Problem, type Summary } from '.';
import { ERRORS, ImportError } from './messages';
import { findUpload, removeUpload, saveUpload, type PendingUpload } from './uploads';

/**
 * The two steps of the admin upload page: `checkUpload` stores the file and runs the whole import
 * up to the whole-file check; `publishUpload` runs it again from the stored file and publishes.
 * Publishing re-validates everything, so a file changed in between cannot slip through.
 */
export interface Failure {
	code: string;
	id: string;
	en: string;
}

export interface Report {
	outcome: ImportResult['outcome'];
	fileName: string;
	snapshot: string | null;
	rows: number;
	problems: Problem[];
	problemCount: number;
	/** Bare name of the rejects file, served by /admin/import/rejects/[name]. */
	rejects: string | null;
	summary: Summary | null;
	/** Token of the stored upload, present when the file passed and can be published (or confirmed and published). */
	token: string | null;
}

export const PROBLEMS_SHOWN = 200;

function report(result: ImportResult, fileName: string, token: string | null): Report {
	return {
		outcome: result.outcome,
		fileName,
		snapshot: result.snapshot,
		rows: result.rows,
		problems: result.problems.slice(0, PROBLEMS_SHOWN),
		problemCount: result.problemCount,
		rejects: result.rejectsFile ? path.basename(result.rejectsFile) : null,
		summary: result.summary,
		token
	};
}

/** An ImportError as the page shows it; any other error is reported without its text, which could quote a cell. */
export function failure(err: unknown): Failure {
	if (err instanceof ImportError) return { code: err.code, id: `${ERRORS[err.code].id}${err.detail ? ` (${err.detail})` : ''}`, en: err.message.replace(/^\w+: /, '') };
	return { code: 'FAILED', id: 'Impor gagal; snapshot yang dipublikasikan tidak berubah.', en: 'The import failed; the published snapshot is unchanged.' };
}

export interface UploadForm {
	bytes: Uint8Array;
	fileName: string;
	kind: string;
	register: string | null;
	replace: boolean;
	replaceScope: string | null;
	by: string;
	/** The admin's region (`ID` for a national admin): rows outside it are refused. */
	scope: string;
}

const request = (upload: PendingUpload, root: string, scope: string) => ({ ...upload, register: upload.register ?? undefined, replaceScope: upload.replaceScope ?? undefined, root, scope });

export async function checkUpload(root: string, form: UploadForm): Promise<Report> {
	const { scope, bytes, ...meta } = form;
	const upload = saveUpload(bytes, meta);
	try {
		const result = await importFile({ ...request(upload, root, scope), dryRun: true });
		const keep = result.outcome === 'checked';
		if (!keep) removeUpload(upload.token);
		return report(result, upload.fileName, keep ? upload.token : null);
	} catch (err) {
		removeUpload(upload.token);
		throw err;
	}
}

export interface PublishForm {
	by: string;
	scope: string;
	/** Regions whose large removal the admin ticked. */
	confirm: string[];
}

/**
 * Publishes a checked upload of the same admin; null when the token is unknown or expired. The upload
 * stays when the publish could not run yet (a large removal unconfirmed, another publish holding the
 * lock too long), so the admin can confirm or retry; anything else removes it.
 */
export async function publishUpload(root: string, token: string, form: PublishForm): Promise<Report | null> {
	const upload = findUpload(token, form.by);
	if (!upload) return null;
	let keep = false;
	try {
		const result = await importFile({ ...request(upload, root, form.scope), confirmRemoval: form.confirm });
		keep = result.outcome === 'unconfirmed';
		return report(result, upload.fileName, keep ? token : null);
	} catch (err) {
		keep = err instanceof ImportError && (err.code === 'IMPORT_BUSY' || err.code === 'LOCK_LOST');
		throw err;
	} finally {
		if (!keep) removeUpload(token);
	}
}
