import type { ProfileWriter } from '../profile';
import { postgresqlLab } from './lab';
import { postgresqlReadme } from './readme';

export const writer: ProfileWriter = { readme: postgresqlReadme, lab: postgresqlLab };
