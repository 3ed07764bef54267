import type { ProfileWriter } from '../profile';
import { elasticsearchLab } from './lab';
import { elasticsearchReadme, elasticsearchSnippets } from './snippets';

export const writer: ProfileWriter = {
	readme: elasticsearchReadme,
	snippets: elasticsearchSnippets,
	lab: elasticsearchLab
};
