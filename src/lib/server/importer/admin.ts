import path from 'node:path';
import { importFile, type ImportRequest, type ImportResult, type Problem, type Progress, type Summary } from '.';
import type { Kind } from './kinds';
import type { MappingReport } from './mapping';
import { ERRORS, ImportError } from './messages';
import { both } from '../../bilingual';
import { m } from '../../paraglide/messages';
import type { MethodChange } from './methods';
import { findUpload, removeUpload, saveUpload, updateUpload, type PendingUpload } from './uploads';

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
	kind: Kind;
	fileName: string;
	snapshot: string | null;
	rows: number;
	problems: Problem[];
	problemCount: number;
	/** Bare name of the rejects file, served by /admin/import/rejects/[name]. */
	rejects: string | null;
	summary: Summary | null;
	/** How the columns were matched: the page's mapping step shows it for the admin to confirm or change. */
	mapping: MappingReport | null;
	/** The profile this check saved, if the admin asked for one and every column was mapped. */
	savedProfile: string | null;
	/** Token of the stored upload: present while the file can be mapped again, published or confirmed and published. */
	token: string | null;
}

export const PROBLEMS_SHOWN = 200;

function report(result: ImportResult, upload: PendingUpload, token: string | null): Report {
	return {
		outcome: result.outcome,
		kind: upload.kind,
		fileName: upload.fileName,
		snapshot: result.snapshot,
		rows: result.rows,
		problems: result.problems.slice(0, PROBLEMS_SHOWN),
		problemCount: result.problemCount,
		rejects: result.rejectsFile ? path.basename(result.rejectsFile) : null,
		summary: result.summary,
		mapping: result.mapping,
		savedProfile: result.savedProfile,
		token
	};
}

/** An ImportError as the page shows it; any other error is reported without its text, which could quote a cell. */
export function failure(err: unknown): Failure {
	if (err instanceof ImportError) return { code: err.code, id: `${ERRORS[err.code].id}${err.detail ? ` (${err.detail})` : ''}`, en: err.message.replace(/^\w+: /, '') };
	return { code: 'FAILED', ...both(m.import_failed) };
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
	/** A saved profile the admin chose; empty: a saved profile that maps every header is used. */
	profile?: string | null;
}

/** What a long check or publish may be given: its progress callback and a cancel signal. */
type Follow = Pick<ImportRequest, 'onProgress' | 'signal'>;

const request = (upload: PendingUpload, root: string, scope: string): ImportRequest => ({
	...upload,
	register: upload.register ?? undefined,
	replaceScope: upload.replaceScope ?? undefined,
	profile: upload.profile ?? undefined,
	mapping: upload.mapping ?? undefined,
	root,
	scope
});

/** Runs the check of a stored upload; the upload stays while it can be mapped again or published (an hour at most). */
async function check(root: string, upload: PendingUpload, scope: string, follow: Follow, saveProfile?: string): Promise<Report> {
	try {
		const result = await importFile({ ...request(upload, root, scope), ...follow, saveProfile, dryRun: true });
		const keep = result.outcome === 'checked' || (result.outcome === 'rejected' && result.mapping !== null);
		if (!keep) removeUpload(upload.token);
		return report(result, upload, keep ? upload.token : null);
	} catch (err) {
		removeUpload(upload.token);
		throw err;
	}
}

function store(form: UploadForm): { upload: PendingUpload; scope: string } {
	const { scope, bytes, profile, ...meta } = form;
	return { upload: saveUpload(bytes, { ...meta, profile: profile || null, mapping: null }), scope };
}

export async function checkUpload(root: string, form: UploadForm, follow: Follow = {}): Promise<Report> {
	const { upload, scope } = store(form);
	return check(root, upload, scope, follow);
}

export interface RemapForm {
	by: string;
	scope: string;
	/** The mapping the admin chose on the mapping step (header key → target, field → constant). */
	mapping: { columns: Record<string, string>; constants: Record<string, string> };
	/** Save it under this name once every column is mapped. */
	saveProfile: string | null;
}

/** Checks a stored upload again with the mapping from the page's mapping step; null when the token is unknown or expired. */
export async function remapUpload(root: string, token: string, form: RemapForm, follow: Follow = {}): Promise<Report | null> {
	const upload = findUpload(token, form.by);
	if (!upload) return null;
	const next = updateUpload({ ...upload, mapping: form.mapping, profile: null });
	return check(root, next, form.scope, follow, form.saveProfile ?? undefined);
}

export interface PublishForm {
	by: string;
	scope: string;
	/** Regions whose large removal the admin ticked. */
	confirm: string[];
	/** Method changes the admin answered "a real break" for. */
	methodChanges?: MethodChange[];
}

/**
 * Publishes a checked upload of the same admin; null when the token is unknown or expired. The upload
 * stays when the publish could not run yet (a large removal unconfirmed, another publish holding the
 * lock too long), so the admin can confirm or retry; anything else removes it.
 */
export async function publishUpload(root: string, token: string, form: PublishForm, follow: Follow = {}): Promise<Report | null> {
	const upload = findUpload(token, form.by);
	if (!upload) return null;
	let keep = false;
	try {
		const result = await importFile({ ...request(upload, root, form.scope), ...follow, confirmRemoval: form.confirm, methodChanges: form.methodChanges ?? [] });
		keep = result.outcome === 'unconfirmed';
		return report(result, upload, keep ? token : null);
	} catch (err) {
		keep = err instanceof ImportError && (err.code === 'IMPORT_BUSY' || err.code === 'LOCK_LOST' || err.code === 'CANCELLED');
		throw err;
	} finally {
		if (!keep) removeUpload(token);
	}
}

/**
 * Checks and publishes of the page run as jobs of this server process, so the page can show their
 * progress and cancel them: the form post waits a little for a quick result, else the page shows the
 * stage, rows and time left and asks again (polling with JavaScript, a button without).
 */
export interface JobState {
	token: string;
	action: 'check' | 'publish';
	progress: Progress | null;
	done: boolean;
}

interface Job extends JobState {
	by: string;
	controller: AbortController;
	finished: Promise<void>;
	report: Report | null;
	error: Failure | null;
}

const jobs = new Map<string, Job>();
/** How long a form post waits for its job before answering with its progress. */
const QUICK_MS = 2500;

/** Starts `work` for an upload (one job per upload at a time; a running one is returned as it is). */
export function startJob(token: string, by: string, action: Job['action'], work: (follow: Follow) => Promise<Report | null>): JobState {
	const running = jobs.get(token);
	if (running && !running.done) return running;
	const controller = new AbortController();
	const job: Job = { token, by, action, progress: null, done: false, controller, report: null, error: null, finished: Promise.resolve() };
	job.finished = work({ signal: controller.signal, onProgress: (p) => (job.progress = p) })
		.then((r) => {
			job.report = r;
			if (!r) job.error = EXPIRED;
		})
		.catch((err: unknown) => {
			job.error = failure(err);
		})
		.finally(() => {
			job.done = true;
			// A finished job is kept a while for the page to fetch, then forgotten.
			setTimeout(() => jobs.delete(token), 10 * 60_000).unref?.();
		});
	jobs.set(token, job);
	return job;
}

export const EXPIRED: Failure = { code: 'EXPIRED', ...both(m.import_expired) };

export type JobAnswer = { report: Report } | { error: Failure } | { job: JobState };

/** The job of `token` for this admin: its report or failure once done (waiting up to `waitMs`), else its progress. */
export async function jobAnswer(token: string, by: string, waitMs = QUICK_MS): Promise<JobAnswer | null> {
	const job = jobs.get(token);
	if (!job || job.by !== by) return null;
	if (!job.done) await Promise.race([job.finished, new Promise((r) => setTimeout(r, waitMs))]);
	if (!job.done) return { job: { token, action: job.action, progress: job.progress, done: false } };
	if (job.report) return { report: job.report };
	return { error: job.error ?? EXPIRED };
}

/** The progress of a job, for polling: no report, nothing personal. */
export function jobState(token: string, by: string): JobState | null {
	const job = jobs.get(token);
	return job && job.by === by ? { token, action: job.action, progress: job.progress, done: job.done } : null;
}

/** Cancels a running job of this admin and waits for it to stop; false when there is none. */
export async function cancelJob(token: string, by: string): Promise<boolean> {
	const job = jobs.get(token);
	if (!job || job.by !== by || job.done) return false;
	job.controller.abort();
	await job.finished;
	return true;
}

/** Stores an upload and starts its check as a job. */
export function startCheck(root: string, form: UploadForm): JobState {
	const { upload, scope } = store(form);
	return startJob(upload.token, form.by, 'check', (follow) => check(root, upload, scope, follow));
}

/** Starts the check of a stored upload with a new mapping; null when the token is unknown, expired or another admin's. */
export function startRemap(root: string, token: string, form: RemapForm): JobState | null {
	return findUpload(token, form.by) ? startJob(token, form.by, 'check', (follow) => remapUpload(root, token, form, follow)) : null;
}

/** Starts the publish of a checked upload; null when the token is unknown, expired or another admin's. */
export function startPublish(root: string, token: string, form: PublishForm): JobState | null {
	return findUpload(token, form.by) ? startJob(token, form.by, 'publish', (follow) => publishUpload(root, token, form, follow)) : null;
}
