import type { ProfileWriter } from '../profile';
import { natsLab } from './lab';
import { natsReadme, natsSnippets } from './readme';

export const writer: ProfileWriter = { readme: natsReadme, snippets: natsSnippets, lab: natsLab };
