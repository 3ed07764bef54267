/// <reference lib="webworker" />
import { serve } from './serve';

/** The worker entry: all key generation, KDFs and bulk issuance run here, off the page's thread. */
serve(self as unknown as DedicatedWorkerGlobalScope);
