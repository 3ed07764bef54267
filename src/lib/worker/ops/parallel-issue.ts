import { checkOutput } from '../../export/bundle';
import { labOutput, type LabDefinition } from '../../pki/lab/definition';
import { zipBundle } from '../../export/zip';
import {
	assembleIssued,
	prepareJobs,
	issueLeaves,
	type IssueBundleRequest,
	type IssuedLeaves,
	type IssueLeavesRequest
} from '../issue-bundle';
import { labRequest } from '../lab-request';
import type { OperationGroup } from '../operation-types';
import { recordBundle, type RecordTarget } from '../record-issued';
import type { IssuedBundle } from '../types';

/** A bundle planned but not issued: what the pool splits across its workers (worker/pool.ts). */
export type PlannedIssue = Omit<IssueBundleRequest, 'issuers'>;

/**
 * The three steps of an issuance spread over a pool of workers (worker/pool.ts): one worker plans a
 * lab, every worker issues the leaves of its share of the folders, and one worker lays them out,
 * zips and records them in one transaction. A small issuance takes the one-call path
 * (operations.ts issueBundle / issueLab), which runs the same code in one worker.
 */
export const parallelIssueOperations = {
	planLab: async (request: { lab: LabDefinition; caName: string; password: string }): Promise<PlannedIssue> => {
		const { folders, zipName } = labRequest(request.lab, request.caName);
		// Checked here, before any worker makes a key: a bad PKCS#12 password fails at once.
		const output = labOutput(request.lab, request.password);
		checkOutput(output);
		return { profileId: request.lab.system, folders, zipName, output };
	},

	/** Policy over the whole batch before any worker makes a key (issue-bundle.ts prepareJobs). */
	checkLeaves: async (request: IssueLeavesRequest, ctx): Promise<{ leaves: number }> => ({
		leaves: prepareJobs(request, ctx).length
	}),

	issueLeaves: (request: IssueLeavesRequest, ctx): Promise<IssuedLeaves> => issueLeaves(request, ctx),

	finishIssue: async (
		request: IssueBundleRequest & { issued: IssuedLeaves; recordIn?: RecordTarget },
		ctx
	): Promise<IssuedBundle> => {
		const { files, certificates } = await assembleIssued(request, request.issued, checkOutput(request.output), ctx);
		const zip = zipBundle(files, ctx.deps.now());
		return {
			zipName: request.zipName,
			zip,
			certificates: await recordBundle(certificates, request.recordIn)
		};
	}
} satisfies OperationGroup;
