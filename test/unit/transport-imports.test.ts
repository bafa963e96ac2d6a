/**
 * The transport is the bottom layer of nodes/shared: it imports nothing from provider code, and
 * no relative import anywhere in nodes/ forms a cycle (provider.ts ⇄ transport.ts was one).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const NODES = resolve(__dirname, '../../nodes');
const TRANSPORT = join(NODES, 'shared/transport');

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
	);
}

/** Relative imports and re-exports, type-only ones included, resolved to files. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gs)]
		.map(([, spec]) => resolve(dirname(file), spec))
		.map((base) => [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate)))
		.filter((target): target is string => target !== undefined);
}

function cycles(graph: Map<string, string[]>): string[] {
	const state = new Map<string, 'open' | 'done'>();
	const found: string[] = [];
	const visit = (file: string, stack: string[]) => {
		state.set(file, 'open');
		stack.push(file);
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
			else if (!state.has(next)) visit(next, stack);
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
	return found;
}

it('no import cycle anywhere in nodes/', () => {
	const graph = new Map(sources(NODES).map((file) => [relative(NODES, file), importsOf(file).map((target) => relative(NODES, target))]));
	expect(graph.get('shared/provider.ts')).toContain('shared/transport/index.ts');
	expect(cycles(graph)).toEqual([]);
});

it('the checker sees a cycle when there is one', () => {
	const graph = new Map([['provider.ts', ['transport.ts', 'invoice.ts']], ['transport.ts', ['provider.ts']], ['invoice.ts', []]]);
	expect(cycles(graph)).toEqual(['provider.ts -> transport.ts -> provider.ts']);
});

it('the transport imports only itself, validate.ts and n8n-workflow', () => {
	for (const file of sources(TRANSPORT)) {
		for (const target of importsOf(file)) {
			expect([relative(NODES, file), relative(NODES, target).startsWith('shared/transport/') || relative(NODES, target) === 'shared/validate.ts']).toEqual([relative(NODES, file), true]);
		}
		const packages = [...readFileSync(file, 'utf8').matchAll(/from\s+'([^.'][^']*)'/g)].map(([, name]) => name);
		expect(packages.filter((name) => name !== 'n8n-workflow')).toEqual([]);
	}
});
