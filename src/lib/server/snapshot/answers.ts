import fs from 'node:fs';
import path from 'node:path';
import { writeWorkbenchAnswers } from '../coverage/prebuilt';
import { LATE_ANSWERS, writeValueAnswers } from '../indicators/prebuilt';
import type { Manifest } from './store';

/** Lists answer files in `answers.json`, renamed into place: a server reading it never sees half a list. */
function listLate(dir: string, answers: NonNullable<Manifest['answers']>) {
	const tmp = path.join(dir, `${LATE_ANSWERS}.tmp`);
	fs.writeFileSync(tmp, JSON.stringify(answers, null, 2));
	fs.renameSync(tmp, path.join(dir, LATE_ANSWERS));
}

/**
 * Writes the answers of a snapshot already published (an import publishes its data as soon as it is
 * checked) and lists them in `answers.json`: the values answers first, then with the workbench's. A
 * server serving the snapshot picks each list up from then on, and until then (or if this is cut
 * short) answers from the tables.
 */
export async function writeLateAnswers(dir: string): Promise<number> {
	const values = await writeValueAnswers(dir);
	listLate(dir, values);
	const all = { ...values, ...(await writeWorkbenchAnswers(dir)) };
	listLate(dir, all);
	return Object.keys(all).length;
}
