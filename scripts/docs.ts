import fs from 'node:fs';
import { replaceTables } from '../src/lib/server/snapshot/doc';

const file = 'docs/data-model.md';
fs.writeFileSync(file, replaceTables(fs.readFileSync(file, 'utf8')));
console.log(`updated ${file}`);
