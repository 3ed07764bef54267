import type { ProfileWriter } from '../profile';
import { consulLab } from './lab';
import { consulReadme, consulSnippets } from './snippets';

export const writer: ProfileWriter = { readme: consulReadme, snippets: consulSnippets, lab: consulLab };
