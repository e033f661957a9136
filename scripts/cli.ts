import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * `parseArgs` for the npm scripts: `--help` prints the usage, and an unknown or malformed option
 * prints the reason and the usage (exit 2) instead of Node's stack trace.
 */
export function commandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
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
