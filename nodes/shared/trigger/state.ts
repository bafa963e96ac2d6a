import type { IDataObject } from 'n8n-workflow';

import type { InvoiceStatus } from '../invoice';

/**
 * What a trigger remembers between polls, in the workflow's static data. Bounded whatever the
 * account's history: a watermark (the newest invoice date seen) and the invoices near it, not
 * every ID ever seen. Versioned, so a later release can migrate it.
 */
export interface TriggerState {
	version: 1;
	/** The settings this state was built for; other settings start afresh (see README). */
	scope: string;
	/** Invoices dated before this (epoch ms) are never new: where watching began. Null: no lower bound. */
	floor: number | null;
	/** The newest invoice date remembered (epoch ms). */
	watermark: number | null;
	/** ID → [date (epoch ms) or null, status]: the invoices near the watermark, and for status changes the open ones. */
	known: Record<string, [number | null, InvoiceStatus]>;
}

export const STATE_VERSION = 1;

/** How far below the watermark an invoice may be dated and still count as new (late invoices). */
export const LOOKBACK_MS = 60 * 24 * 3600 * 1000;

/** At most this many invoices remembered (about 60 bytes each), whatever the account's history. */
export const MAX_KNOWN = 2000;

/** The state in static data, or undefined when there is none for these settings (first poll). */
export function readState(staticData: IDataObject, scope: string): TriggerState | undefined {
	const saved = staticData.invoiceTrigger as Partial<TriggerState> | undefined;
	if (!saved || saved.version !== STATE_VERSION || saved.scope !== scope) return undefined;
	return saved as TriggerState;
}

export function writeState(staticData: IDataObject, state: TriggerState): void {
	staticData.invoiceTrigger = state as unknown as IDataObject;
}

/** The oldest date that can still be new: the floor, or the lookback below the watermark. */
export function lowerBound(state: Pick<TriggerState, 'floor' | 'watermark'>): number {
	const fromWatermark = state.watermark === null ? -Infinity : state.watermark - LOOKBACK_MS;
	return Math.max(state.floor ?? -Infinity, fromWatermark);
}

const OPEN: ReadonlySet<InvoiceStatus> = new Set(['unpaid', 'overdue', 'pending']);

/**
 * Drops what can no longer matter: invoices dated below the lookback (open ones are kept while
 * status changes are watched), then the oldest beyond MAX_KNOWN, raising the floor to match so
 * a dropped invoice can never come back as new.
 */
export function pruned(state: TriggerState, keepOpen: boolean): TriggerState {
	const bound = lowerBound(state);
	let entries = Object.entries(state.known).filter(
		([, [date, status]]) => date === null || date >= bound || (keepOpen && OPEN.has(status)),
	);
	let floor = state.floor;
	if (entries.length > MAX_KNOWN) {
		entries = entries.sort(([, [a]], [, [b]]) => (b ?? Infinity) - (a ?? Infinity));
		const oldestKept = entries[MAX_KNOWN - 1][1][0];
		if (oldestKept !== null) {
			entries = entries.filter(([, [date]]) => date === null || date >= oldestKept);
			floor = Math.max(floor ?? -Infinity, oldestKept);
		}
	}
	return { ...state, floor, known: Object.fromEntries(entries) };
}
