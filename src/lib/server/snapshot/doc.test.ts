import fs from 'node:fs';
import { expect, it } from 'vitest';
import { replaceTables } from './doc';

it('docs/data-model.md lists every table and column of the schema (run `npm run docs` after a schema change)', () => {
	const doc = fs.readFileSync('docs/data-model.md', 'utf8');
	expect(replaceTables(doc)).toBe(doc);
});
