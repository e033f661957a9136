import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

const NOT_FOUND: [string, string] = ['Berkas atau folder tidak ada', 'File or folder not found'];
const FILE_ERRORS: Record<string, [string, string]> = {
	ENOENT: NOT_FOUND,
	EACCES: ['Berkas atau folder tidak dapat dibaca (izin)', 'File or folder not readable (permission)'],
	EPERM: ['Berkas atau folder tidak dapat dibaca (izin)', 'File or folder not readable (permission)'],
	EISDIR: ['Ini folder, bukan berkas', 'A folder, not a file'],
	ENOTDIR: ['Ini bukan folder', 'Not a folder'],
	EEXIST: ['Ada berkas di tempat folder yang diperlukan', 'A file stands where a folder is needed']
};

/** An error from the file system that `exitOnFileErrors` answers (missing, unreadable, folder/file mix-up). */
export const isFileError = (err: unknown) => typeof err === 'object' && err !== null && String((err as NodeJS.ErrnoException).code) in FILE_ERRORS;

/** One line, Indonesian first, for a file the script could not open; exit 2. */
function fileFailure(code: string, where: string): never {
	const [id, en] = FILE_ERRORS[code] ?? NOT_FOUND;
	console.error(`${id}: ${where} / ${en}: ${where}`);
	process.exit(2);
}

/**
 * A missing or unreadable file anywhere in the script (read at the top level or in an awaited call)
 * ends it with one bilingual line and exit 2 instead of Node's stack trace; other errors keep theirs.
 */
export function exitOnFileErrors(): void {
	process.on('uncaughtException', (err: NodeJS.ErrnoException) => {
		if (isFileError(err)) fileFailure(err.code as string, err.path ?? '');
		console.error(err);
		process.exit(1);
	});
}

/** A path the user named, checked before any work: it must exist, be readable, and be a file (or a folder). */
export function readablePath(p: string, kind: 'file' | 'dir'): string {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(p);
		fs.accessSync(p, fs.constants.R_OK);
	} catch (err) {
		fileFailure((err as NodeJS.ErrnoException).code ?? 'ENOENT', p);
	}
	if (kind === 'file' && !stat.isFile()) fileFailure('EISDIR', p);
	if (kind === 'dir' && !stat.isDirectory()) fileFailure('ENOTDIR', p);
	return p;
}

/**
 * `parseArgs` for the npm scripts: `--help` prints the usage, and an unknown or malformed option
 * prints the reason and the usage (exit 2) instead of Node's stack trace; file errors as above.
 */
export function commandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
	exitOnFileErrors();
	const args = config.args ?? process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		console.log(usage);
		process.exit(0);
	}
	try {
		return parseArgs(config);
	} catch (error) {
		if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
			console.error(`${error.message}\n\n${usage}`);
			process.exit(2);
		}
		throw error;
	}
}
