import type { ProfileWriter } from '../profile';
import { connectReadme } from './readme';

export const writer: ProfileWriter = { readme: connectReadme };
