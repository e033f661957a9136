import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { replaceGenerated } from './report';

describe('docs/performance.md generated block', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-bench-'));
	const file = path.join(dir, 'performance.md');
	afterEach(() => fs.rmSync(file, { force: true }));
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('replaces the figures between the markers and keeps the hand-written text', () => {
		fs.writeFileSync(file, '# Intro\n\n<!-- bench:start -->\nold figures\n<!-- bench:end -->\n\nNotes\n');
		replaceGenerated(file, '| a | b |');
		expect(fs.readFileSync(file, 'utf8')).toBe('# Intro\n\n<!-- bench:start -->\n| a | b |\n<!-- bench:end -->\n\nNotes\n');
	});

	it('writes only the named block, so the demo and national figures live side by side', () => {
		fs.writeFileSync(file, '<!-- bench:start -->\nnational\n<!-- bench:end -->\n<!-- bench-demo:start -->\n<!-- bench-demo:end -->\n');
		replaceGenerated(file, 'demo', 'bench-demo');
		expect(fs.readFileSync(file, 'utf8')).toBe('<!-- bench:start -->\nnational\n<!-- bench:end -->\n<!-- bench-demo:start -->\ndemo\n<!-- bench-demo:end -->\n');
	});

	it('refuses a file without the markers rather than overwrite it', () => {
		fs.writeFileSync(file, '# Hand-written only\n');
		expect(() => replaceGenerated(file, 'x')).toThrow(/bench:start/);
		expect(fs.readFileSync(file, 'utf8')).toBe('# Hand-written only\n');
	});
});
