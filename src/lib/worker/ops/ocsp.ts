import { MODE_KEY, MODE_PUBLIC, MODE_SCRIPT, zipBundle } from '../../export/zip';
import { slug } from '../../export/slug';
import { unlockedIssuer } from '../../pki/issue/issuer';
import { presignZipName } from '../../pki/ocsp/names';
import { presignOcsp, type IssuedCertificateStatus, type OcspSignerChoice } from '../../pki/ocsp/presign';
import type { ResponseDates } from '../../pki/ocsp/response';
import type { OperationGroup } from '../operation-types';
import type { UnlockedCa } from '../types';

export interface PresignOcspRequest {
	ca: Pick<UnlockedCa, 'certificateDer' | 'privateKey' | 'name' | 'locations' | 'chainDer'>;
	certificates: IssuedCertificateStatus[];
	dates: ResponseDates;
	signedBy: OcspSignerChoice;
}

export interface PresignedOcsp {
	zipName: string;
	zip: Uint8Array<ArrayBuffer>;
	good: number;
	revoked: number;
}

const MODES = { public: MODE_PUBLIC, key: MODE_KEY, script: MODE_SCRIPT } as const;

/** Pre-signed OCSP responses (pki/ocsp/presign.ts) for the certificates of one unlocked CA, as one zip. */
export const ocspOperations = {
	presignOcsp: async (request: PresignOcspRequest, ctx): Promise<PresignedOcsp> => {
		const ca = unlockedIssuer(request.ca);
		const set = await presignOcsp(
			{
				ca,
				caName: request.ca.name,
				...(request.ca.chainDer ? { chainDer: request.ca.chainDer } : {}),
				...(request.ca.locations?.ocspUrl ? { ocspUrl: request.ca.locations.ocspUrl } : {}),
				certificates: request.certificates,
				dates: request.dates,
				signedBy: request.signedBy
			},
			ctx.deps,
			ctx.progress
		);
		const zip = zipBundle(
			set.files.map((f) => ({ path: f.path, data: f.data, mode: MODES[f.kind] })),
			ctx.deps.now()
		);
		const revoked = set.responses.filter((r) => r.status === 'revoked').length;
		return { zipName: presignZipName(slug(request.ca.name)), zip, good: set.responses.length - revoked, revoked };
	}
} satisfies OperationGroup;
