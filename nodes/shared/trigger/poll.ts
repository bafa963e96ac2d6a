import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { INVOICE_STATUSES, INVOICE_TYPES, finishInvoice, type Invoice, type InvoiceStatus } from '../invoice';
import { attachPdf, binaryField, environmentOf, listedInvoice, output, requestedInvoice, uniquelyNamed } from '../operations/invoices';
import type { InvoiceContext, InvoiceProvider } from '../provider';
import { toNodeError } from '../router';
import { isNotFound, settle } from '../transport';
import { Session } from '../session';
import { InputError, oneOf, positiveInteger } from '../validate';
import { LOOKBACK_MS, STATE_VERSION, lowerBound, pruned, readState, writeState, type TriggerState } from './state';

/**
 * The poll of every "On new invoice" trigger. State is read at the start and written only at
 * the end of a poll that succeeded, to exactly what it emitted: a poll that fails anywhere
 * (a page, a PDF) throws before the state changes, so nothing is lost and nothing is emitted
 * twice. n8n saves the static data with the items it hands off (1.x and 2.x alike).
 */

const DAY_MS = 24 * 3600 * 1000;
/** A poll stops downloading PDFs once it has used this share of n8n's poll budget (2.x). */
const BUDGET_SHARE = 0.7;

interface Listed {
	invoice: Invoice;
	raw: IDataObject;
	/** The invoice's date (issue date, else end of its period), epoch ms. */
	date: number | null;
	/** Place in the list, newest first: ties of date are emitted in list order, oldest first. */
	position: number;
	/** Read by its ID (a single-invoice answer), not from the list. */
	single?: boolean;
}

const dateOf = (invoice: Invoice): number | null => {
	const stamp = invoice.issuedAt ?? invoice.periodEnd;
	return stamp === null ? null : Date.parse(stamp);
};

/**
 * The list newest first, read down to the date `until(newestSoFar)` gives: a newest-first API
 * stops at the first page that reaches it (one request per poll when nothing older matters);
 * an oldest-first list is read whole.
 */
async function listDownTo(
	ctx: InvoiceContext,
	filters: IDataObject,
	until: (newest: number | null) => number,
): Promise<Listed[]> {
	const { provider } = ctx;
	// Which invoices are new needs only IDs, dates and statuses: the account's extras (currency…)
	// are loaded later, for the invoices emitted, so a quiet poll costs only its list requests.
	const env = { timezone: ctx.timezone };
	const found: Listed[] = [];
	let newest: number | null = null;
	const readAll = provider.listOrder === 'oldest-first';
	for await (const page of provider.list(ctx, { filters, options: {} })) {
		for (const raw of page) {
			const invoice = listedInvoice(ctx, raw, env);
			const date = dateOf(invoice);
			if (date !== null && (newest === null || date > newest)) newest = date;
			found.push({ invoice, raw, date, position: 0 });
		}
		const last = found[found.length - 1];
		if (!readAll && page.length > 0 && last.date !== null && last.date < until(newest)) break;
	}
	if (readAll) found.reverse();
	found.forEach((entry, index) => (entry.position = index));
	return found;
}

/** Oldest first: by date (undated last), then by list position (the list is newest first). */
const oldestFirst = (a: Listed, b: Listed) =>
	(a.date ?? Infinity) - (b.date ?? Infinity) || b.position - a.position;

interface Settings {
	event: 'newInvoice' | 'statusChanged';
	toStatus: InvoiceStatus | undefined;
	startWith: 'new' | 'lastDays' | 'all';
	days: number;
	filters: IDataObject;
	type: string | undefined;
	max: number;
	includeRaw: boolean;
	pdfField: string | undefined;
}

function settingsOf(ctx: InvoiceContext): Settings {
	const { provider } = ctx;
	const label = { provider: provider.displayName };
	const event = oneOf(ctx.param('event', 'newInvoice'), ['newInvoice', 'statusChanged'], { field: 'Event', ...label });
	if (event === 'statusChanged' && !provider.hasStatus) {
		throw new InputError(
			`${provider.displayName} reports no invoice status, so the Invoice Status Changed event cannot be watched`,
			'Choose the New Invoice event.',
		);
	}
	const toStatus = event === 'statusChanged' ? oneOf(ctx.param('toStatus', 'any'), ['any', ...INVOICE_STATUSES], { field: 'To Status', ...label }) : undefined;
	const startWith = oneOf(ctx.param('startWith', 'new'), ['new', 'lastDays', 'all'], { field: 'Start With', ...label });
	const { invoiceType, ...filters } = ctx.param<IDataObject>('filters', {});
	const options = ctx.param<IDataObject>('options', {});
	const pdf = provider.pdf !== undefined && ctx.param<boolean>('downloadPdf', false) === true;
	return {
		event: (event ?? 'newInvoice') as Settings['event'],
		toStatus: toStatus === 'any' ? undefined : (toStatus as InvoiceStatus | undefined),
		startWith: (event === 'statusChanged' ? 'new' : (startWith ?? 'new')) as Settings['startWith'],
		days: event !== 'statusChanged' && startWith === 'lastDays' ? positiveInteger(ctx.param('days', 30), 'Days') : 0,
		filters,
		type: oneOf(invoiceType, INVOICE_TYPES, { field: 'Invoice Type', ...label }),
		max: positiveInteger(options.maxPerPoll ?? 100, 'Max Invoices per Poll'),
		includeRaw: options.includeRaw === true,
		pdfField: pdf ? binaryField(ctx.param('binaryPropertyName', 'data')) : undefined,
	};
}

/** The items of the invoices to emit, each with its PDF when asked, within n8n's poll budget. */
async function itemsOf(
	ctx: InvoiceContext,
	fn: IPollFunctions,
	settings: Settings,
	entries: Listed[],
	extra: (entry: Listed) => IDataObject = () => ({}),
): Promise<Array<{ entry: Listed; item: INodeExecutionData }>> {
	// 1.x has no poll budget; 2.x abandons a tick that runs past it.
	const budget = typeof fn.getPollBudgetMs === 'function' ? fn.getPollBudgetMs() : Infinity;
	const started = Date.now();
	const done: Array<{ entry: Listed; item: INodeExecutionData }> = [];
	const env = entries.length > 0 ? await environmentOf(ctx) : undefined;
	for (const entry of entries.slice(0, settings.max)) {
		if (done.length > 0 && Date.now() - started > budget * BUDGET_SHARE) break;
		const draft = entry.single && ctx.provider.normalizeDetail ? ctx.provider.normalizeDetail(entry.raw, env!, entry.invoice.id) : ctx.provider.normalize(entry.raw, env!);
		const invoice = uniquelyNamed(ctx, finishInvoice(ctx.provider.name, draft));
		const item: INodeExecutionData = { json: { ...output(invoice, entry.raw, settings.includeRaw), ...extra(entry) } };
		if (settings.pdfField !== undefined && invoice.pdf.available) {
			item.binary = { [settings.pdfField]: await attachPdf(ctx, invoice, entry.raw) };
		}
		done.push({ entry, item });
	}
	return done;
}

const OPEN: ReadonlySet<InvoiceStatus> = new Set(['unpaid', 'overdue', 'pending']);

/**
 * The remembered invoices, dated within the part of the list just read, that are no longer in
 * it: each is read by its ID. One that is gone from the API is forgotten; one that only left
 * the list's filters (an unpaid invoice that got paid leaves a Status "Unpaid" filter) comes
 * back with its status, so its change is not lost, and is then no longer watched.
 */
async function leftTheList(
	ctx: InvoiceContext,
	state: TriggerState,
	listed: Listed[],
): Promise<{ read: Listed[]; gone: string[] }> {
	const seen = new Set(listed.map(({ invoice }) => invoice.id));
	const oldestRead = Math.min(...listed.map(({ date }) => date ?? Infinity));
	const read: Listed[] = [];
	const gone: string[] = [];
	for (const [id, [date]] of Object.entries(state.known)) {
		if (date === null || date < oldestRead || seen.has(id)) continue;
		const answer = await settle(requestedInvoice(ctx, { field: 'id', value: id, label: 'ID' }, async () => await ctx.provider.get(ctx, id)));
		if ('error' in answer) {
			if (!isNotFound(answer.error)) throw answer.error;
			gone.push(id);
			continue;
		}
		read.push({ invoice: answer.value.invoice, raw: answer.value.raw, date: dateOf(answer.value.invoice), position: -1, single: true });
	}
	return { read, gone };
}

async function poll(ctx: InvoiceContext, fn: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = settingsOf(ctx);
	const matches = (entry: Listed) =>
		(settings.type === undefined || entry.invoice.type === settings.type) &&
		(settings.event === 'newInvoice' || settings.toStatus === undefined || entry.invoice.status === settings.toStatus);

	if (fn.getMode() === 'manual') {
		// Fetch Test Event: the newest matching invoice of the first page; the state stays as it is.
		const newest = (await listDownTo(ctx, settings.filters, () => Infinity)).find(matches);
		if (!newest) return null;
		const [{ item }] = await itemsOf(ctx, fn, { ...settings, max: 1 }, [newest], () =>
			settings.event === 'statusChanged' ? { previousStatus: null } : {},
		);
		return [[item]];
	}

	const { event, startWith, days, filters, type } = settings;
	const scope = JSON.stringify({ event, toStatus: settings.toStatus, startWith, days, filters, type });
	const staticData = fn.getWorkflowStaticData('node');
	const saved = readState(staticData, scope);
	const state: TriggerState = saved ?? {
		version: STATE_VERSION,
		scope,
		floor: startWith === 'lastDays' ? Date.now() - days * DAY_MS : null,
		watermark: null,
		known: {},
	};
	// On first activation "new invoices only" (and any status watch) remembers and emits nothing.
	const rememberOnly = saved === undefined && (event === 'statusChanged' || startWith === 'new');
	const openDates = Object.values(state.known)
		.filter(([date, status]) => event === 'statusChanged' && date !== null && OPEN.has(status))
		.map(([date]) => date as number);
	const listed = (
		await listDownTo(ctx, filters, (newest) =>
			rememberOnly ? (newest === null ? -Infinity : newest - LOOKBACK_MS) : Math.min(lowerBound(state), ...openDates),
		)
	).filter((entry) => type === undefined || entry.invoice.type === type);

	const remember = (entries: Listed[], forget: string[] = []): TriggerState => {
		const known = { ...state.known };
		let watermark = state.watermark;
		for (const { invoice, date } of entries) {
			known[invoice.id] = [date, invoice.status];
			if (date !== null && (watermark === null || date > watermark)) watermark = date;
		}
		for (const id of forget) delete known[id];
		return pruned({ ...state, known, watermark }, event === 'statusChanged');
	};

	if (rememberOnly) {
		writeState(staticData, remember(listed));
		return null;
	}


	let chosen: Listed[];
	let extra: (entry: Listed) => IDataObject = () => ({});
	let silently: Listed[] = [];
	const forget: string[] = [];
	if (event === 'newInvoice') {
		const bound = lowerBound(state);
		chosen = listed.filter(({ invoice, date }) => !(invoice.id in state.known) && (date === null || date >= bound)).sort(oldestFirst);
	} else {
		const left = await leftTheList(ctx, state, listed);
		forget.push(...left.gone, ...left.read.map(({ invoice }) => invoice.id));
		// Invoices seen for the first time are remembered with their status, not emitted.
		silently = listed.filter(({ invoice }) => !(invoice.id in state.known));
		const changed = [...listed, ...left.read].filter(
			({ invoice }) => invoice.id in state.known && state.known[invoice.id][1] !== invoice.status,
		);
		// A change to another status than the one watched is remembered without an event.
		silently.push(...changed.filter((entry) => !matches(entry)));
		chosen = changed.filter(matches).sort(oldestFirst);
		extra = ({ invoice }) => ({ previousStatus: state.known[invoice.id][1] });
	}
	const emitted = await itemsOf(ctx, fn, settings, chosen, extra);
	// A change not emitted now (Max per Poll) stays unremembered, so the next poll finds it again.
	const unsent = new Set(chosen.slice(emitted.length).map(({ invoice }) => invoice.id));
	const next = remember(
		[...silently, ...emitted.map(({ entry }) => entry)],
		forget.filter((id) => !unsent.has(id)),
	);
	if (JSON.stringify(next) !== JSON.stringify(state)) writeState(staticData, next);
	return emitted.length > 0 ? [emitted.map(({ item }) => item)] : null;
}

/** The `poll` of every trigger node: the provider's new invoices (or status changes) once each. */
export async function pollInvoices(this: IPollFunctions, provider: InvoiceProvider): Promise<INodeExecutionData[][] | null> {
	// One request at a time: a quiet poll reads one page, never pages ahead.
	const session = new Session(this, provider, (name, _itemIndex, fallback) => this.getNodeParameter(name, fallback), 1);
	try {
		return await poll(await session.context(0), this);
	} catch (error) {
		throw toNodeError(this, error, 0, session.secrets);
	}
}
