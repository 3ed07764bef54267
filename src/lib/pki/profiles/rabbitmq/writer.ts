import type { ProfileWriter } from '../profile';
import { rabbitmqLab } from './lab';
import { rabbitmqReadme, rabbitmqSnippets } from './readme';

export const writer: ProfileWriter = { readme: rabbitmqReadme, snippets: rabbitmqSnippets, lab: rabbitmqLab };
