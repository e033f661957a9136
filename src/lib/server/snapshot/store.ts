import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Prebuilt answer files by path inside the snapshot, each with its sha256 and size (indicators/prebuilt.ts). */
export const answersSchema = z.record(z.string(), z.object({ sha256: z.string(), bytes: z.number().int() }));

export const manifestSchema = z.object({
	id: z.string().regex(/^[A-Za-z0-9_.-]+$/),
	created: z.string(),
	schema_version: z.number().int(),
	synthetic: z.boolean(),
	generator: z.object({ name: z.string(), seed: z.number().int(), scope: z.string(), households: z.number().int().optional() }).optional(),
	sources: z
		.array(
			z.object({
				name: z.string(),
				sha256: z.string().optional(),
				// Set by the importer (src/lib/server/importer): what the file held and who loaded it when.
				kind: z.string().optional(),
				register: z.string().optional(),
				scope: z.string().optional(),
				rows: z.number().int().optional(),
				imported_by: z.string().optional(),
				imported_at: z.string().optional(),
				key_id: z.string().optional()
			})
		)
		.default([]),
	periods: z.array(z.number().int()),
	tables: z.record(
		z.string(),
		z.object({ file: z.string(), rows: z.number().int(), sha256: z.string(), bytes: z.number().int() })
	),
	/** Answers written ready to send (values: indicators/prebuilt.ts; workbench: coverage/prebuilt.ts), by path inside the snapshot; older snapshots have none. */
	answers: answersSchema.optional()
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface Snapshot {
	dir: string;
	manifest: Manifest;
}

/** A snapshot's folder name: its UTC build time, then a label (dots dropped), so names sort by time. */
export function snapshotId(label: string, now = new Date()): string {
	return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${label.replaceAll('.', '')}`;
}

export const snapshotsDir = (root: string) => path.join(root, 'snapshots');
const currentLink = (root: string) => path.join(root, 'current');

export function readManifest(dir: string): Manifest {
	return manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
}

/** The directory `current` points to, or null when nothing is published yet. */
export function currentSnapshotDir(root: string): string | null {
	try {
		return path.resolve(root, fs.readlinkSync(currentLink(root)));
	} catch {
		return null;
	}
}

export function currentSnapshot(root: string): Snapshot | null {
	const dir = currentSnapshotDir(root);
	return dir ? { dir, manifest: readManifest(dir) } : null;
}

/** Points `current` at a snapshot with one rename, so readers see the old or the new one, never neither. */
export function publishSnapshot(root: string, id: string): void {
	const target = path.join('snapshots', id);
	readManifest(path.join(root, target));
	const tmp = path.join(root, `.current-${process.pid}-${Date.now()}`);
	fs.symlinkSync(target, tmp);
	fs.renameSync(tmp, currentLink(root));
}

export function listSnapshots(root: string): Manifest[] {
	const dir = snapshotsDir(root);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => fs.existsSync(path.join(dir, name, 'manifest.json')))
		.map((name) => readManifest(path.join(dir, name)))
		.sort((a, b) => a.created.localeCompare(b.created));
}

/** sha256 of a file, read as a stream (a national household file runs to gigabytes). */
export async function fileSha256(file: string): Promise<string> {
	const hash = crypto.createHash('sha256');
	for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** Recomputes the sha256 of the manifest's files (all of them, or the tables named); throws naming the first file that differs. */
export async function verifySnapshotFiles(dir: string, manifest: Manifest, tables: readonly string[] = Object.keys(manifest.tables)): Promise<void> {
	for (const name of tables) {
		const entry = manifest.tables[name];
		if (!entry) throw new Error(`snapshot ${manifest.id}: no table ${name} in manifest.json`);
		if ((await fileSha256(path.join(dir, entry.file))) !== entry.sha256) throw new Error(`snapshot ${manifest.id}: ${name} does not match its sha256 in manifest.json`);
	}
}
