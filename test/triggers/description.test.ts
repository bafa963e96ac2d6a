/**
 * Issue 9: the trigger nodes as n8n loads them from the built package (PackageDirectoryLoader):
 * polling nodes of the trigger group without inputs, the action node's credential and icon, Poll
 * Times added by n8n on load, the events the API supports (status changes only where it reports
 * a status), PDF options only where it has PDFs, the action node's list filters.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { PROVIDERS, apiHasStatus, descriptionOf, triggerType } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { commonPollingParameters } = require('n8n-core/dist/nodes-loader/constants');

const property = (description: INodeTypeDescription, name: string) => description.properties.filter((p) => p.name === name);
const optionValues = (p: INodeProperties) => (p.options ?? []).map((option) => ('value' in option ? option.value : option.name));
const collectionNames = (p: INodeProperties) => (p.options as INodeProperties[]).map((option) => option.name);

describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger description', (label, p) => {
	let trigger: INodeTypeDescription;
	let action: INodeTypeDescription;
	beforeAll(async () => {
		trigger = await descriptionOf(triggerType(p));
		action = await descriptionOf(p.nodeType);
	});

	test('a polling trigger without inputs, named after the action node, with its credential and icon', () => {
		expect(trigger).toMatchObject({
			name: triggerType(p),
			displayName: `${action.displayName} Trigger`,
			defaults: { name: `${action.displayName} Trigger` },
			group: ['trigger'],
			polling: true,
			inputs: [],
			outputs: ['main'],
			version: 1,
		});
		expect(trigger.credentials).toEqual(action.credentials);
		expect(trigger.credentials).toEqual([{ name: p.credentialType, required: true }]);
		expect(trigger.iconUrl ?? trigger.icon).toEqual(action.iconUrl ?? action.icon);
		expect(trigger.iconUrl ?? trigger.icon).toBeTruthy();
	});

	test('Poll Times, added by n8n on load, comes first (once)', () => {
		expect(property(trigger, 'pollTimes')).toHaveLength(1);
		expect(trigger.properties[0]).toEqual(commonPollingParameters[0]);
	});

	test('events: New Invoice (default), and Invoice Status Changed only where the API reports a status', () => {
		const [event] = property(trigger, 'event');
		expect(event).toMatchObject({ type: 'options', default: 'newInvoice', noDataExpression: true });
		expect(optionValues(event)).toEqual(apiHasStatus(p) ? ['statusChanged', 'newInvoice'] : ['newInvoice']);
		expect(trigger.subtitle).toContain('statusChanged');
		const toStatusFields = property(trigger, 'toStatus');
		// A provider without statuses has no To Status at all (not even hidden).
		expect(toStatusFields).toHaveLength(apiHasStatus(p) ? 1 : 0);
		if (!apiHasStatus(p)) return;
		const [toStatus] = toStatusFields;
		expect(toStatus.displayOptions).toEqual({ show: { event: ['statusChanged'] } });
		expect(optionValues(toStatus)).toEqual(['any', 'cancelled', 'overdue', 'paid', 'pending', 'refunded', 'unpaid']);
	});

	test('Start With (new by default; last days; all), Days for the last days, for New Invoice only', () => {
		const [startWith] = property(trigger, 'startWith');
		expect(startWith.default).toBe('new');
		expect(optionValues(startWith)).toEqual(['new', 'lastDays', 'all']);
		expect(startWith.displayOptions).toEqual({ show: { event: ['newInvoice'] } });
		const [days] = property(trigger, 'days');
		expect(days).toMatchObject({ type: 'number', default: 30, typeOptions: { minValue: 1 } });
		expect(days.displayOptions).toEqual({ show: { event: ['newInvoice'], startWith: ['lastDays'] } });
	});

	test(`PDF options ${p.pdf ? 'present (the API has PDFs)' : 'absent (the API has no PDFs)'}`, () => {
		expect(property(trigger, 'downloadPdf')).toHaveLength(p.pdf ? 1 : 0);
		expect(property(trigger, 'binaryPropertyName')).toHaveLength(p.pdf ? 1 : 0);
		if (p.pdf) {
			expect(property(trigger, 'downloadPdf')[0]).toMatchObject({ type: 'boolean', default: false });
			expect(property(trigger, 'binaryPropertyName')[0]).toMatchObject({ default: 'data', displayOptions: { show: { downloadPdf: [true] } } });
		}
	});

	test("filters: the action node's Get Many filters without the date range (the trigger watches dates itself)", () => {
		const [filters] = property(trigger, 'filters');
		// the newest version's Get Many filters (version 1 of the WiseCP node kept its sort there)
		const newest = action.defaultVersion ?? Math.max(...[action.version].flat());
		const getManyFilters = action.properties.find(
			(p) =>
				p.name === 'filters' &&
				p.displayOptions?.show?.operation?.includes('getAll') &&
				(p.displayOptions.show['@version'] ?? [newest]).includes(newest),
		)!;
		const expected = collectionNames(getManyFilters).filter((name) => name !== 'issuedAfter' && name !== 'issuedBefore');
		expect([...collectionNames(filters)].sort()).toEqual([...expected].sort());
		expect(collectionNames(filters)).toContain('invoiceType');
	});

	test('options: Include Raw Data, Max Invoices per Poll (default 100), Timeout', () => {
		const [options] = property(trigger, 'options');
		expect(collectionNames(options)).toEqual(['includeRaw', 'maxPerPoll', 'timeout']);
		const maxPerPoll = (options.options as INodeProperties[]).find((option) => option.name === 'maxPerPoll')!;
		expect(maxPerPoll).toMatchObject({ type: 'number', default: 100, typeOptions: { minValue: 1 } });
	});

	test(`${label}: every property name once (besides n8n's)`, () => {
		const names = trigger.properties.map((p) => p.name);
		expect(new Set(names).size).toBe(names.length);
	});
});
