import type { ProfileWriter } from '../profile';
import { etcdLab } from './lab';
import { etcdReadme } from './readme';

export const writer: ProfileWriter = { readme: etcdReadme, lab: etcdLab };
