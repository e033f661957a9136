import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.config';
import { exitOnFileErrors } from './cli';

exitOnFileErrors();
await compile(paraglideOptions);
