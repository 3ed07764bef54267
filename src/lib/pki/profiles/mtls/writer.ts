import type { ProfileWriter } from '../profile';
import { mtlsLab } from './lab';
import { mtlsReadme } from './readme';

export const writer: ProfileWriter = { readme: mtlsReadme, lab: mtlsLab };
