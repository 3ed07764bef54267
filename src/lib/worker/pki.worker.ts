/// <reference lib="webworker" />
import { serveInHelperFrame } from './helper-relay';
import { serve } from './serve';

/**
 * The worker entry: all key generation, KDFs and bulk issuance run here, off the page's thread. The
 * same file is also the one script of a pool helper's frame (helper-frame.ts), where it serves the
 * page's requests on a port instead.
 */
if (typeof WorkerGlobalScope === 'undefined') serveInHelperFrame(window);
else serve(self as unknown as DedicatedWorkerGlobalScope);
