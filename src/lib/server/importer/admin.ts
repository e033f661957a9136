import path from 'node:path';
import { importFile, type ImportResult, type Problem, type Summary } from '.';
import { ERRORS, ImportError } from './messages';
import { findUpload, removeUpload, saveUpload } from './uploads';

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
	/** Token of the stored upload, present only when the file passed and can be published. */
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
	by: string;
}

export async function checkUpload(root: string, form: UploadForm): Promise<Report> {
	const upload = saveUpload(form.bytes, form);
	try {
		const result = await importFile({ ...upload, register: upload.register ?? undefined, root, dryRun: true });
		const keep = result.outcome === 'checked';
		if (!keep) removeUpload(upload.token);
		return report(result, upload.fileName, keep ? upload.token : null);
	} catch (err) {
		removeUpload(upload.token);
		throw err;
	}
}

/** Publishes a checked upload of the same admin; null when the token is unknown or expired. */
export async function publishUpload(root: string, token: string, by: string): Promise<Report | null> {
	const upload = findUpload(token, by);
	if (!upload) return null;
	try {
		const result = await importFile({ ...upload, register: upload.register ?? undefined, root });
		return report(result, upload.fileName, null);
	} finally {
		removeUpload(token);
	}
}
