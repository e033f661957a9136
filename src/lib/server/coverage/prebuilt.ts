import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Principal } from '../auth/policy';
import { SnapshotDatabase } from '../db/database';
import type { Encoded } from '../api/encoding';
import { forgetMemo } from '../api/memo';
import { readAnswerFile } from '../indicators/prebuilt';
import { readManifest, type Manifest } from '../snapshot/store';
import { knownRegion } from '../regions/query';
import { ALLOCATION_RULES } from './allocate';
import { listProgrammes } from './query';
import { allocationParams, coverageParams, getAllocation, getCoverage, type Workbench } from './service';

/**
 * Workbench answers written ready to send. The country's coverage table and allocation plan of a
 * national programme hold a row per village (83,762, 24 MB of JSON): made live, a cold one takes a
 * second (reading the rows, `JSON.stringify`, gzip). Their default views are the same for everyone
 * who may see the programme, so after the snapshot's tables are written each is made once, through
 * the same functions the endpoint runs, and kept gzipped; the endpoint sends the file. Any other view
 * (a filter, a number of packages, a download) and a snapshot without them take the live path.
 */

/** The endpoints' names (as in `workbenchEndpoint`), each with the views written ahead for the country. */
const READY = {
	cakupan: [coverageParams.parse({})],
	alokasi: ALLOCATION_RULES.map((rule) => allocationParams.parse({ rule }))
} as const;

const READY_REGION = 'ID';

/** The view's parameters as one text: keys in order, unset ones left out (a parsed query and a parsed `{}` agree). */
const canonical = (p: object) => JSON.stringify(Object.entries(p).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Programme codes come from imported files: the file is named by a hash of the question, never by them. */
export const workbenchAnswerFile = (stem: string, region: string, programme: string, p: object) =>
	`answers/${stem}.${crypto.createHash('sha256').update(JSON.stringify([region, programme, canonical(p)])).digest('hex').slice(0, 24)}.json.gz`;

const gzip = promisify(zlib.gzip);

/** Who the answers are written for: they hold nothing that depends on the reader (see `workbenchEndpoint`). */
const WRITER: Principal = { id: 0, username: 'snapshot-build', role: 'admin', scope: READY_REGION, agency: null };

/** The tables the workbench answers read. */
const TABLES = ['regions', 'programmes', 'programme_coverage'];

/**
 * Writes the default coverage and allocation answers of every programme with data in the country into
 * `dir`/answers, from the snapshot's own Parquet; returns what goes into the manifest (nothing for a
 * snapshot without programmes).
 */
export async function writeWorkbenchAnswers(dir: string): Promise<NonNullable<Manifest['answers']>> {
	const manifest = readManifest(dir);
	if (!TABLES.every((t) => manifest.tables[t])) return {};
	const db = await SnapshotDatabase.open(dir, TABLES);
	const out: NonNullable<Manifest['answers']> = {};
	try {
		const region = await knownRegion(db, READY_REGION);
		if (!region) return out;
		fs.mkdirSync(path.join(dir, 'answers'), { recursive: true });
		const programmes = await listProgrammes(db, READY_REGION);
		for (const programme of programmes) {
			const wb: Workbench = { user: WRITER, region, programmes, programme };
			const views = [
				...READY.cakupan.map((p) => ({ stem: 'cakupan', p, run: () => getCoverage(db, wb, p) })),
				...READY.alokasi.map((p) => ({ stem: 'alokasi', p, run: () => getAllocation(db, wb, p) }))
			];
			for (const { stem, p, run } of views) {
				const file = workbenchAnswerFile(stem, READY_REGION, programme.code, p);
				const bytes = await gzip(JSON.stringify(await run()));
				await fs.promises.writeFile(path.join(dir, file), bytes);
				out[file] = { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength };
			}
		}
	} finally {
		// The rows the answers were made from are remembered per database (service.ts): an import runs in the server's process.
		forgetMemo(db);
		db.close();
	}
	return out;
}

/**
 * The answer written ahead for this question, or null when the live path must answer: another region,
 * another view, or a snapshot without it. The file is checked against its sha256 as values answers are.
 */
export async function prebuiltWorkbench(db: SnapshotDatabase, stem: string, region: string, programme: string, p: object): Promise<Extract<Encoded, { body: null }> | null> {
	if (region !== READY_REGION || !(stem in READY)) return null;
	const bytes = await readAnswerFile(db, workbenchAnswerFile(stem, region, programme, p));
	return bytes ? { body: null, gzip: [bytes] } : null;
}
