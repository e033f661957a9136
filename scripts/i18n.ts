import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.config';

await compile(paraglideOptions);
