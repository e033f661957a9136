import fs from 'node:fs';
import path from 'node:path';
import { KIND_SPECS, type Kind } from './kinds';
import { checkMapping, type Mapping } from './mapping';
import { ImportError } from './messages';

/**
 * Saved column mappings ("profiles"), one JSON file each under `<data folder>/import-profiles/`:
 * header keys, field names and constants (never a NIK, KK or name), so they are not personal data.
 * They live beside the snapshots so the upload page of every server sharing the data folder and
 * the command line see the same profiles.
 */
export interface Profile extends Mapping {
	name: string;
	kind: Kind;
	saved_by: string;
	saved_at: string;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,59}$/u;

const profilesDir = (root: string) => path.join(root, 'import-profiles');

function checkProfileName(name: string): string {
	const n = name.trim();
	if (!NAME.test(n)) throw new ImportError('BAD_PROFILE_NAME');
	return n;
}

/** File name of a profile: its kind and its name in lower case, base64url-encoded (any letters, no path characters). */
const fileOf = (root: string, kind: Kind, name: string) =>
	path.join(profilesDir(root), `${kind}--${Buffer.from(name.toLowerCase(), 'utf8').toString('base64url')}.json`);

function read(file: string): Profile | null {
	try {
		const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
		return { ...raw, ...checkMapping(KIND_SPECS[raw.kind], raw) };
	} catch {
		return null;
	}
}

export function listProfiles(root: string, kind?: Kind): Profile[] {
	const dir = profilesDir(root);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json') && (!kind || f.startsWith(`${kind}--`)))
		.map((f) => read(path.join(dir, f)))
		.filter((p): p is Profile => p !== null && (!kind || p.kind === kind))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export function loadProfile(root: string, kind: Kind, name: string): Profile {
	const file = fileOf(root, kind, checkProfileName(name));
	const profile = fs.existsSync(file) ? read(file) : null;
	if (!profile) throw new ImportError('PROFILE_NOT_FOUND', name.replace(/[^\p{L}\p{N} _.-]/gu, '').slice(0, 60));
	return profile;
}

/** Saves (or replaces) a profile; written to a temp file and renamed, so a reader never sees half of it. */
export function saveProfile(root: string, kind: Kind, name: string, mapping: Mapping, by: string): Profile {
	const profile: Profile = { name: checkProfileName(name), kind, ...checkMapping(KIND_SPECS[kind], mapping), saved_by: by, saved_at: new Date().toISOString() };
	fs.mkdirSync(profilesDir(root), { recursive: true });
	const file = fileOf(root, kind, profile.name);
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify(profile, null, 2));
	fs.renameSync(tmp, file);
	return profile;
}

/** The saved profile of `kind` that maps every one of these header keys, if exactly one does (the most specific wins). */
export function matchingProfile(root: string, kind: Kind, keys: string[]): Profile | null {
	const wanted = keys.filter((k) => k.length > 0);
	const fits = listProfiles(root, kind).filter((p) => wanted.every((k) => k in p.columns));
	fits.sort((a, b) => Object.keys(a.columns).length - Object.keys(b.columns).length);
	return fits[0] ?? null;
}
