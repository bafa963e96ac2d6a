import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from './validate';

/**
 * Requests in flight at once: per-invoice requests (PDFs, Get and Download PDF over many input
 * items) and the pages of a list whose length the API tells up front. One pool per execution
 * (nodes/shared/session.ts), so the bound holds however the work is nested.
 */
export const DEFAULT_CONCURRENCY = 4;

/** The shared option, as a literal so the n8n lint rules read it; operations list it in their Options. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrent Requests',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 4,
	description:
		'How many requests to the API may run at once (PDFs, pages, input items). 1 sends them one after another; output order is the same either way.',
};

/** The Concurrent Requests option of an Options collection (`fallback` where it is not set). */
export function concurrencyOf(options: IDataObject, fallback = DEFAULT_CONCURRENCY): number {
	const value = options.concurrency;
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'string' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
		throw new InputError(
			'The Concurrent Requests option must be a whole number of 1 or more',
			`"${String(value)}" was given. Use 1 to send one request at a time, or leave the option out for ${DEFAULT_CONCURRENCY}.`,
		);
	}
	return number;
}

export type Settled<T> = { value: T } | { error: unknown };

/**
 * Runs `task(0)` … `task(count - 1)` with at most `limit` running at once, started in index
 * order, and gives each outcome at its index. With `stopOnError`, nothing more starts once a task
 * failed: every task before it in order has started, so the first failure in order is among the
 * outcomes, as it would be one at a time; the tasks already running finish first.
 */
export async function inOrder<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
	stopOnError: boolean,
): Promise<Array<Settled<T> | undefined>> {
	const outcomes: Array<Settled<T> | undefined> = new Array(count);
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (next < count && !(stopOnError && failed)) {
			const index = next++;
			try {
				outcomes[index] = { value: await task(index) };
			} catch (error) {
				outcomes[index] = { error };
				failed = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	return outcomes;
}

/** The first outcome in order that failed, if any. */
export function firstFailure<T>(outcomes: Array<Settled<T> | undefined>): { error: unknown } | undefined {
	for (const outcome of outcomes) if (outcome && 'error' in outcome) return outcome;
	return undefined;
}

/**
 * Input items take turns where the order shows in the output: a file name two invoices share goes
 * to the earlier item, as when items ran one at a time. An item passes its turn when it claims its
 * first file name or finishes; `wait(i)` resolves once every item before i has passed.
 */
export class Turns {
	/** The first item that has not passed yet. */
	private next = 0;
	private readonly passed = new Set<number>();
	private readonly waiting: Array<{ index: number; resolve: () => void }> = [];

	pass(index: number): void {
		if (index < this.next) return;
		this.passed.add(index);
		while (this.passed.delete(this.next)) this.next++;
		for (let position = this.waiting.length - 1; position >= 0; position--) {
			const waiter = this.waiting[position];
			if (waiter.index <= this.next) {
				this.waiting.splice(position, 1);
				waiter.resolve();
			}
		}
	}

	async wait(index: number): Promise<void> {
		if (index <= this.next) return;
		await new Promise<void>((resolve) => this.waiting.push({ index, resolve }));
	}
}
