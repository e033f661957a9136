import fs from 'node:fs';
import { replaceTables } from '../src/lib/server/snapshot/doc';
import { exitOnFileErrors } from './cli';

exitOnFileErrors();
const file = 'docs/data-model.md';
fs.writeFileSync(file, replaceTables(fs.readFileSync(file, 'utf8')));
console.log(`updated ${file}`);
