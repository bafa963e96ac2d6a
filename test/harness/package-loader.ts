/**
 * Loads a BUILT community package the way n8n does: n8n-core's PackageDirectoryLoader
 * over the package root (its package.json `n8n.nodes` / `n8n.credentials` lists).
 */
import './env';

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { ensureContainer } from './container';

/** Repository root (/work/main): test/harness/../.. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface LoadedPackage {
	/** absolute package directory */
	dir: string;
	/** package.json `name`; node types are `<packageName>.<node name>` */
	packageName: string;
	loader: PackageDirectoryLoader;
	/** node type name (without package prefix) -> node class instance */
	nodes: Record<string, INodeType | IVersionedNodeType>;
	/** credential type name -> credential class instance */
	credentials: Record<string, ICredentialType>;
}

/**
 * One load per package directory and per module registry. jest gives every test FILE its
 * own module registry (own n8n-workflow copy, own `instanceof` identities), so this cache
 * is shared by all tests of a file; sharing loaded classes across files would mix copies
 * of n8n-workflow.
 */
const cache = new Map<string, Promise<LoadedPackage>>();

export async function loadPackage(packageDir: string = REPO_ROOT): Promise<LoadedPackage> {
	const dir = resolve(packageDir);
	let pending = cache.get(dir);
	if (!pending) {
		pending = doLoad(dir);
		cache.set(dir, pending);
		pending.catch(() => cache.delete(dir));
	}
	return await pending;
}

async function doLoad(dir: string): Promise<LoadedPackage> {
	ensureContainer();
	const loader = new PackageDirectoryLoader(dir);
	const declared = [...(loader.packageJson.n8n?.nodes ?? []), ...(loader.packageJson.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !file.includes('*') && !existsSync(resolve(dir, file)));
	if (missing.length > 0) {
		throw new Error(
			`Package ${loader.packageName} at ${dir} lists files that do not exist (run \`npm run build\` first?): ${missing.join(', ')}`,
		);
	}
	await loader.loadAll();
	const nodes: LoadedPackage['nodes'] = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes)) nodes[name] = type;
	const credentials: LoadedPackage['credentials'] = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentials[name] = type;
	return { dir, packageName: loader.packageName, loader, nodes, credentials };
}
