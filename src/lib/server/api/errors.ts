import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { NoSnapshotError } from '../db';

/** A client error with its message in Indonesian and English. */
export class BadRequest extends Error {
	constructor(
		readonly id: string,
		readonly en: string,
		readonly status = 400
	) {
		super(en);
	}
}

export function errorResponse(err: unknown): Response {
	if (err instanceof BadRequest) return json({ error: { id: err.id, en: err.en } }, { status: err.status });
	if (err instanceof z.ZodError) {
		const issue = err.issues[0];
		const where = issue?.path.join('.') || 'query';
		return json(
			{
				error: {
					id: `Parameter tidak valid: ${where} (${issue?.message ?? ''})`,
					en: `Invalid parameter: ${where} (${issue?.message ?? ''})`
				}
			},
			{ status: 400 }
		);
	}
	if (err instanceof NoSnapshotError) {
		return json({ error: { id: 'Belum ada snapshot data yang dipublikasikan.', en: err.message } }, { status: 503 });
	}
	throw err;
}
