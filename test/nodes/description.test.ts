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

describe.each(cases)('%s', (_name, node, provider) => {
	const properties = node.description.properties as INodeProperties[];
	const operation = properties.find((property) => property.name === 'operation')!;
	const offered = (operation.options as Array<{ value: string }>).map((option) => option.value);

	it('offers exactly the operations its provider runs, listed by name', () => {
		expect([...offered].sort()).toEqual(provider.operations.map((op) => op.option.value).sort());
		const names = (operation.options as Array<{ name: string }>).map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(offered).toContain(operation.default);
	});

	it('shows every other field for offered operations only', () => {
		for (const property of properties) {
			if (property.name === 'resource' || property.name === 'operation') continue;
			const shownFor = property.displayOptions?.show?.operation as string[] | undefined;
			expect(shownFor?.length).toBeGreaterThan(0);
			for (const value of shownFor!) expect(offered).toContain(value);
		}
	});

	it('has the same fields under one name for one operation at most once', () => {
		for (const value of offered) {
			const names = properties
				.filter((property) => (property.displayOptions?.show?.operation as string[] | undefined)?.includes(value))
				.map((property) => property.name);
			expect(names).toEqual([...new Set(names)]);
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

	it('refuses an operation it does not offer, naming it', async () => {
		const { error } = await runNode({
			type: node.description.name,
			parameters: { resource: 'invoice', operation: 'delete' },
			credentials: { type: provider.credentialType, data: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k-never-sent' } },
		});
		expect(error?.message).toBe(`The operation "delete" is not supported by ${provider.displayName}`);
	});
});
