import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stateDir } from '../auth/store';
import { KINDS, REGISTERS, type Kind, type Register } from './kinds';
import { ImportError } from './messages';
import { checkFileName } from './read';

/**
 * Files uploaded on the admin page wait here between the check and the publish. They may hold NIKs,
 * so they live under the state folder (never in `data/`), readable by the server user only, and are
 * deleted once published, rejected, or an hour old.
 */
export interface PendingUpload {
	token: string;
	kind: Kind;
	register: Register | null;
	replace: boolean;
	/** A replace scope the admin named on the upload form, or null (the file's own villages only). */
	replaceScope: string | null;
	fileName: string;
	file: string;
	by: string;
	/** The mapping the admin gave on the mapping step (checked when the import runs), or null. */
	mapping: { columns: Record<string, string>; constants: Record<string, string> } | null;
	/** A saved profile the admin chose on the upload form, or null (a profile that maps every header is used). */
	profile: string | null;
}

const MAX_AGE_MS = 60 * 60_000;
const TOKEN = /^[0-9a-f]{32}$/;

export const uploadsDir = () => path.join(stateDir(), 'uploads');

function prune(dir: string, now: number): void {
	for (const name of fs.readdirSync(dir)) {
		const entry = path.join(dir, name);
		if (now - fs.statSync(entry).mtimeMs > MAX_AGE_MS) fs.rmSync(entry, { recursive: true, force: true });
	}
}

/** Stores the uploaded bytes under a random token; the kind and register come from allow-lists. */
export function saveUpload(bytes: Uint8Array, meta: Omit<PendingUpload, 'token' | 'file' | 'kind' | 'register'> & { kind: string; register: string | null }): PendingUpload {
	checkFileName(meta.fileName);
	if (bytes.length === 0) throw new ImportError('EMPTY_FILE');
	if (!(KINDS as readonly string[]).includes(meta.kind)) throw new ImportError('BAD_KIND');
	const kind = meta.kind as Kind;
	if (kind === 'households' && !(REGISTERS as readonly string[]).includes(meta.register ?? '')) throw new ImportError('REGISTER_REQUIRED');
	const register = kind === 'households' ? (meta.register as Register) : null;
	const root = uploadsDir();
	fs.mkdirSync(root, { recursive: true, mode: 0o700 });
	prune(root, Date.now());
	const token = crypto.randomBytes(16).toString('hex');
	const dir = path.join(root, token);
	fs.mkdirSync(dir, { mode: 0o700 });
	const upload: PendingUpload = { ...meta, kind, register, token, file: path.join(dir, meta.fileName) };
	fs.writeFileSync(upload.file, bytes, { mode: 0o600 });
	fs.writeFileSync(path.join(dir, 'upload.json'), JSON.stringify(upload), { mode: 0o600 });
	return upload;
}

/** The pending upload of `token`, or null when it is unknown, expired or belongs to another admin. */
export function findUpload(token: string, by: string): PendingUpload | null {
	if (!TOKEN.test(token)) return null;
	const meta = path.join(uploadsDir(), token, 'upload.json');
	if (!fs.existsSync(meta) || Date.now() - fs.statSync(meta).mtimeMs > MAX_AGE_MS) return null;
	const upload = JSON.parse(fs.readFileSync(meta, 'utf8')) as PendingUpload;
	return upload.by === by ? upload : null;
}

/** Rewrites a pending upload's record (a new mapping); its age counts from now. */
export function updateUpload(upload: PendingUpload): PendingUpload {
	fs.writeFileSync(path.join(uploadsDir(), upload.token, 'upload.json'), JSON.stringify(upload), { mode: 0o600 });
	return upload;
}

export function removeUpload(token: string): void {
	if (TOKEN.test(token)) fs.rmSync(path.join(uploadsDir(), token), { recursive: true, force: true });
}

/** A rejects file written by an import, looked up by its bare name (no folders). */
export function rejectsFile(root: string, name: string): string | null {
	if (!/^[A-Za-z0-9_.-]+-rejects\.csv$/.test(name) || name.includes('..')) return null;
	const file = path.join(root, 'rejects', name);
	return fs.existsSync(file) ? file : null;
}
