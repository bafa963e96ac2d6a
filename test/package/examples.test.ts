/**
 * The example workflows use this package's nodes as they are: every node type exists, its
 * typeVersion is one the node has, its credential is the one it declares, and every parameter
 * set is one of the node's parameters (n8n drops unknown ones silently on import).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

import { REPO_ROOT } from '../harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(join(REPO_ROOT, 'package.json')) as { name: string; n8n: { nodes: string[] } };
const nodeTypes = new Map<string, INodeType>();
for (const file of pkg.n8n.nodes) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const node = new (Object.values(require(join(REPO_ROOT, file)))[0] as new () => INodeType)();
	nodeTypes.set(`${pkg.name}.${node.description.name}`, node);
}

const examples = readdirSync(join(REPO_ROOT, 'examples')).filter((file) => file.endsWith('.workflow.json'));

type WorkflowNode = { name: string; type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: Record<string, unknown> };

describe.each(examples)('%s', (file) => {
	const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as { nodes: WorkflowNode[]; connections: Record<string, unknown> };
	const ours = workflow.nodes.filter((node) => node.type.startsWith(`${pkg.name}.`));

	it('uses this package', () => expect(ours.length).toBeGreaterThan(0));

	it.each(ours.map((node) => [node.name, node] as const))('%s: a known type, version, credential and parameters', (_name, node) => {
		const type = nodeTypes.get(node.type);
		expect(type).toBeDefined();
		const versions = ([] as number[]).concat(type!.description.version);
		expect(versions).toContain(node.typeVersion);
		expect(Object.keys(node.credentials ?? {})).toEqual((type!.description.credentials ?? []).map((credential) => credential.name));
		const names = new Set([...(type!.description.properties as INodeProperties[]).map((property) => property.name), ...(type!.description.polling ? ['pollTimes'] : [])]);
		for (const parameter of Object.keys(node.parameters)) expect([parameter, names.has(parameter)]).toEqual([parameter, true]);
	});

	it('connects only nodes that exist', () => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of JSON.stringify(outputs).match(/"node":"[^"]+"/g) ?? []) expect(names.has(target.slice(8, -1))).toBe(true);
		}
	});
});
