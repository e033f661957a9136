import { dataDir } from '../src/lib/server/config';
import { buildDemoGeometry } from '../src/lib/server/geometry/build';
import { importBoundaries } from '../src/lib/server/geometry/import';
import { commandLine, readablePath } from './cli';

const usage = `Usage:
  npm run geometry -- demo [--seed N]         indicative boundaries for the published snapshot's scope
  npm run geometry -- import FILE [--code-field NAME] [--dry-run]
                                              GeoJSON, TopoJSON or zipped Shapefile of village or district boundaries`;

const { positionals, values } = commandLine({
	allowPositionals: true,
	options: { seed: { type: 'string', default: '20241220' }, 'code-field': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } }
}, usage);
const [command, file] = positionals;
const started = performance.now();
if (command === 'demo') {
	const id = await buildDemoGeometry(dataDir(), Number(values.seed));
	console.log(`Published indicative geometry ${id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} else if (command === 'import' && file) {
	const result = await importBoundaries(dataDir(), readablePath(file, 'file'), { codeField: values['code-field'], publish: !values['dry-run'] });
	console.log(JSON.stringify(result.report, null, 2));
	console.log(result.published ? `Published geometry ${result.id}` : `Not published: ${result.problems.join('; ') || 'dry run'}`);
	if (!result.published && !values['dry-run']) process.exit(1);
} else {
	console.error(usage);
	process.exit(2);
}
