import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSPHRASE_LENGTH } from './passphrase';

/**
 * The real strength estimate for a new passphrase: zxcvbn (Wheeler, "zxcvbn: Low-Budget Password
 * Strength Estimation", USENIX Security 2016), as @zxcvbn-ts/core with the common-password and
 * diceware dictionaries and keyboard graphs of @zxcvbn-ts/language-common. This module is large, so
 * it is only ever loaded by a dynamic import (passphrase.ts loadPassphraseJudge): the forms that set
 * a passphrase load it, every other page never does.
 *
 * The floor is zxcvbn score 3 (about 10^8 guesses or more): the vault and backups are protected by
 * PBKDF2 at 600,000 iterations, which zxcvbn calls the "offline, slow hashing" case, and score 3 is
 * its "safely unguessable" level for that attack. Four random words score 4.
 */
export const MIN_SCORE = 3;

/** English texts for zxcvbn's feedback keys (core ships only the keys; the wording follows zxcvbn's own). */
const translations = {
	warnings: {
		straightRow: 'Straight rows of keys on your keyboard are easy to guess.',
		keyPattern: 'Short keyboard patterns are easy to guess.',
		simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
		extendedRepeat: 'Repeated character patterns like "abcabcabc" are easy to guess.',
		sequences: 'Common character sequences like "abc" are easy to guess.',
		recentYears: 'Recent years are easy to guess.',
		dates: 'Dates are easy to guess.',
		topTen: 'This is a heavily used password.',
		topHundred: 'This is a frequently used password.',
		common: 'This is a commonly used password.',
		similarToCommon: 'This is similar to a commonly used password.',
		wordByItself: 'Single words are easy to guess.',
		namesByThemselves: 'Single names or surnames are easy to guess.',
		commonNames: 'Common names and surnames are easy to guess.',
		userInputs: 'There should not be any personal or page-related data.',
		pwned: 'This passphrase appeared in a data breach.'
	},
	suggestions: {
		l33t: "Avoid predictable letter substitutions like '@' for 'a'.",
		reverseWords: 'Avoid reversed spellings of common words.',
		allUppercase: 'Capitalize some, but not all letters.',
		capitalization: 'Capitalize more than the first letter.',
		dates: 'Avoid dates and years that are associated with you.',
		recentYears: 'Avoid recent years.',
		associatedYears: 'Avoid years that are associated with you.',
		sequences: 'Avoid common character sequences.',
		repeated: 'Avoid repeated words and characters.',
		longerKeyboardPattern: 'Use longer keyboard patterns and change typing direction multiple times.',
		anotherWord: 'Add more words that are less common.',
		useWords: 'Use multiple words, but avoid common phrases.',
		noNeed: 'You can create strong passphrases without using symbols, numbers, or uppercase letters.',
		pwned: 'If you use this passphrase elsewhere, you should change it.'
	},
	timeEstimation: {
		ltSecond: 'less than a second',
		second: '{base} second',
		seconds: '{base} seconds',
		minute: '{base} minute',
		minutes: '{base} minutes',
		hour: '{base} hour',
		hours: '{base} hours',
		day: '{base} day',
		days: '{base} days',
		month: '{base} month',
		months: '{base} months',
		year: '{base} year',
		years: '{base} years',
		centuries: 'centuries'
	}
};

const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, translations });

export interface PassphraseVerdict {
	/** zxcvbn's 0 (too guessable) to 4 (very unguessable); 0 also for a passphrase under the length rule. */
	score: 0 | 1 | 2 | 3 | 4;
	acceptable: boolean;
	/** What the form shows under the input: how strong, and when it is not enough, why and what to do. */
	hint: string;
}

const WHAT_TO_DO = 'Use four or more random words (for example picked with dice from a word list).';

/** Judges a new passphrase: the length rule first, then zxcvbn's score, warning and suggestions. */
export function judgePassphrase(passphrase: string): PassphraseVerdict {
	const length = [...passphrase].length;
	if (length === 0) return { score: 0, acceptable: false, hint: `Enter a passphrase. ${WHAT_TO_DO}` };
	if (length < MIN_PASSPHRASE_LENGTH)
		return {
			score: 0,
			acceptable: false,
			hint: `Too short: use at least ${MIN_PASSPHRASE_LENGTH} characters. ${WHAT_TO_DO}`
		};
	// zxcvbn's cost grows with length; past 100 characters the first 100 decide (a longer one only adds to them).
	const result = zxcvbn.check(passphrase.slice(0, 100));
	const score = result.score;
	if (score >= MIN_SCORE) return { score, acceptable: true, hint: score === 4 ? 'Strong.' : 'Good.' };
	const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
	return {
		score,
		acceptable: false,
		hint: `Too easy to guess${why ? `: ${why}` : '.'} ${WHAT_TO_DO}`
	};
}
