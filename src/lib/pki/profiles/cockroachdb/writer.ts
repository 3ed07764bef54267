import type { ProfileWriter } from '../profile';
import { cockroachLab } from './lab';
import { cockroachReadme } from './readme';

export const writer: ProfileWriter = { readme: cockroachReadme, lab: cockroachLab };
