/**
 * Every node's UI is derived from its provider descriptor: the Operation list is exactly the
 * operations the router runs, every field belongs to an offered operation, and the node asks for
 * the credential its provider reads. Iterates package.json's node list, so a new provider is
 * covered without editing this file.
 */
import { readdirSync } from 'fs';
import { dirname, join } from 'path';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import type { InvoiceProvider } from '../../nodes/shared/provider';
import { REPO_ROOT, runNode } from '../harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(join(REPO_ROOT, 'package.json')) as { n8n: { nodes: string[] } };

const actionNodes = pkg.n8n.nodes.filter((file) => !/Trigger\.node\.js$/.test(file));
const cases = actionNodes.map((file) => {
	const path = join(REPO_ROOT, file);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(path) as Record<string, new () => INodeType>;
	const node = new (Object.values(module)[0])();
	const providerFile = readdirSync(dirname(path)).find((name) => name.endsWith('.provider.js'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const provider = Object.values(require(join(dirname(path), providerFile!)))[0] as InvoiceProvider;
	return [node.description.displayName, node, provider] as const;
});

/** The node versions a field is shown for (displayOptions.show['@version']); undefined: every version. */
const versionsOf = (property: INodeProperties) => property.displayOptions?.show?.['@version'] as number[] | undefined;
const shownIn = (property: INodeProperties, version: number) => versionsOf(property)?.includes(version) ?? true;

describe.each(cases)('%s', (_name, node, provider) => {
	const properties = node.description.properties as INodeProperties[];
	const operation = properties.find((property) => property.name === 'operation')!;
	const offered = (operation.options as Array<{ value: string }>).map((option) => option.value);
	const versions = [node.description.version].flat();
	const fieldsOf = (value: string) =>
		properties.filter((property) => (property.displayOptions?.show?.operation as string[] | undefined)?.includes(value));

	it('offers exactly the operations its provider runs, listed by name', () => {
		expect([...offered].sort()).toEqual(provider.operations.map((op) => op.option.value).sort());
		const names = (operation.options as Array<{ name: string }>).map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(offered).toContain(operation.default);
	});

	it("names the provider in every action (the name a node added from the panel gets)", () => {
		const actions = (operation.options as Array<{ action?: string }>).map((option) => option.action);
		for (const action of actions) expect(action).toContain(provider.displayName);
		expect(new Set(actions).size).toBe(actions.length);
	});

	it('runs its newest version by default', () => {
		expect(versions.length).toBeGreaterThan(1);
		expect(node.description.defaultVersion).toBe(Math.max(...versions));
	});

	it('shows every other field for offered operations only', () => {
		for (const property of properties) {
			if (property.name === 'resource' || property.name === 'operation') continue;
			const shownFor = property.displayOptions?.show?.operation as string[] | undefined;
			expect(shownFor?.length).toBeGreaterThan(0);
			for (const value of shownFor!) expect(offered).toContain(value);
		}
	});

	it('has a field under one name for one operation and node version at most once', () => {
		for (const value of offered) {
			const fields = fieldsOf(value);
			for (const version of versions) {
				const names = fields.filter((property) => shownIn(property, version)).map((property) => property.name);
				expect(names).toEqual([...new Set(names)]);
			}
			// A name twice for one operation: only as copies for different versions, each version-specific.
			for (const name of new Set(fields.map((property) => property.name))) {
				const copies = fields.filter((property) => property.name === name);
				if (copies.length === 1) continue;
				const copyVersions = copies.map(versionsOf);
				expect(copyVersions.every((list) => list !== undefined && list.length === 1 && versions.includes(list[0]))).toBe(true);
				expect(new Set(copyVersions.map((list) => list![0])).size).toBe(copies.length);
			}
		}
	});

	it('uses the credential its provider reads', () => {
		expect(node.description.credentials).toEqual([{ name: provider.credentialType, required: true }]);
	});

	it('offers PDF options only where the provider has PDFs', () => {
		const optionNames = properties
			.filter((property) => property.name === 'options')
			.flatMap((property) => (property.options as INodeProperties[]).map((option) => option.name));
		expect(optionNames.includes('downloadPdf')).toBe(provider.pdf !== undefined);
		expect(offered.includes('download')).toBe(provider.pdf !== undefined);
	});

	it("puts Get Many's Download PDFs at the top level in version 2, among the Options in version 1", () => {
		const getAll = fieldsOf('getAll');
		const topLevel = getAll.filter((property) => property.name === 'downloadPdf');
		expect(topLevel.map(versionsOf)).toEqual(provider.pdf ? [[2]] : []);
		const field = getAll.filter((property) => property.name === 'binaryPropertyName');
		expect(field.map((property) => property.displayOptions?.show)).toEqual(
			provider.pdf ? [expect.objectContaining({ '@version': [2], downloadPdf: [true] })] : [],
		);
		const optionsIn = (version: number) => {
			const options = getAll.filter((property) => property.name === 'options' && shownIn(property, version));
			expect(options).toHaveLength(1);
			return (options[0].options as INodeProperties[]).map((option) => option.name);
		};
		expect(optionsIn(1).includes('downloadPdf')).toBe(provider.pdf !== undefined);
		expect(optionsIn(1).includes('binaryPropertyName')).toBe(provider.pdf !== undefined);
		expect(optionsIn(2)).not.toContain('downloadPdf');
		expect(optionsIn(2)).not.toContain('binaryPropertyName');
	});

	it("gives the shared Invoice ID the provider's hint, but keeps an operation's own hint", () => {
		const shared = 'Map the ID from Get Many, e.g. {{ $json.id }}';
		for (const property of properties.filter((p) => p.name === 'invoiceId' && p.type === 'string')) {
			const operationValue = (property.displayOptions!.show!.operation as string[])[0];
			const own = provider.operations.find((o) => o.option.value === operationValue)!.properties.find((p) => p.name === 'invoiceId')!;
			if (own.hint !== shared) expect(property.hint).toBe(own.hint);
			else if (provider.invoiceIdHint) expect(property.hint).toBe(provider.invoiceIdHint.hint);
		}
	});

	it("keeps the provider's own list options among the Filters in version 1, among the Options since", () => {
		const getAll = fieldsOf('getAll');
		const collection = (name: string, version: number) =>
			(getAll.find((property) => property.name === name && shownIn(property, version))!.options as INodeProperties[]).map((option) => option.name);
		for (const option of provider.listOptions ?? []) {
			expect(collection('filters', 1)).toContain(option.name);
			expect(collection('options', 1)).not.toContain(option.name);
			expect(collection('filters', 2)).not.toContain(option.name);
			expect(collection('options', 2)).toContain(option.name);
		}
		for (const version of versions) expect(collection('filters', version)).toContain('invoiceType');
	});

	it("answers n8n's Custom API Call with the way to make one: the HTTP Request node with this credential", async () => {
		const { error } = await runNode({
			type: node.description.name,
			parameters: { resource: 'invoice', operation: '__CUSTOM_API_CALL__' },
			credentials: { type: provider.credentialType, data: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k-never-sent' } },
		});
		expect(error?.message).toBe(`Custom API Call is not an operation of the ${provider.displayName} node`);
		expect(error?.description).toBe(
			`Use n8n's HTTP Request node with Authentication "Predefined Credential Type" and the credential type "${provider.displayName} API": it sends the API key as this node does, to any path of the API.`,
		);
	});

	it('refuses an operation it does not offer, naming it', async () => {
		const { error } = await runNode({
			type: node.description.name,
			parameters: { resource: 'invoice', operation: 'delete' },
			credentials: { type: provider.credentialType, data: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k-never-sent' } },
		});
		expect(error?.message).toBe(`The operation "delete" is not supported by ${provider.displayName}`);
	});
});

describe('action names', () => {
	const actionsOf = (displayName: string) => {
		const node = cases.find(([name]) => name === displayName)![1];
		const operation = (node.description.properties as INodeProperties[]).find((property) => property.name === 'operation')!;
		return Object.fromEntries((operation.options as Array<{ value: string; action: string }>).map((option) => [option.value, option.action]));
	};

	it('read naturally, with the article the provider name takes', () => {
		expect(actionsOf('VPSBG').getAll).toBe('Get many VPSBG invoices');
		expect(actionsOf('i3D.net').get).toBe('Get an i3D.net invoice');
		expect(actionsOf('PPH').payWithCredit).toBe('Pay a PPH invoice with credit');
	});
});
