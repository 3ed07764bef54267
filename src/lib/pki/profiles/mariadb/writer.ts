import type { ProfileWriter } from '../profile';
import { mariadbLab } from './lab';
import { mariadbReadme, mariadbSnippets } from './readme';

export const writer: ProfileWriter = { readme: mariadbReadme, snippets: mariadbSnippets, lab: mariadbLab };
