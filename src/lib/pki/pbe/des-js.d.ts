/** The part of des.js 1.1.0 (github.com/indutny/des.js, lib/des/cbc.js and ede.js) that pkcs12-pbe.ts uses. */
declare module 'des.js' {
	interface DesCipher {
		update(data: ArrayLike<number>): number[];
		final(): number[];
	}
	interface DesCipherFactory {
		create(options: {
			type: 'encrypt' | 'decrypt';
			key: ArrayLike<number>;
			iv?: ArrayLike<number>;
			padding?: boolean;
		}): DesCipher;
	}
	const des: {
		EDE: unknown;
		CBC: { instantiate(base: unknown): DesCipherFactory };
	};
	export default des;
}
