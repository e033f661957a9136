/** Views are evaluated on the snapshot's date unless the URL names one, so a link always shows the same. */
export function evaluationDate(requested: string | undefined, snapshotCreated: string): string {
	return requested ?? snapshotCreated.slice(0, 10);
}
