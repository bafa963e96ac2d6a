/**
 * What `npm publish` uploads: the file list of `npm pack --dry-run --json` of the repository
 * root, taken from the BUILT dist/ (`npm test` builds first; after `npx jest` alone, run
 * `npm run build` yourself).
 *
 * Shipped: what n8n loads at run time (compiled .js, codex .node.json, icons), README.md,
 * LICENSE, package.json and the `main` file. Not shipped: .d.ts (nothing reads them: no
 * `types` entry, no library API), source maps (they point at .ts files that are not in the
 * package), tsc's copy dist/package.json, tests, the sandbox, examples, scripts.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	main?: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** Paths in the tarball, relative to its package/ folder, with forward slashes. */
function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 16 * 1024 * 1024,
	});
	const [report] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
	return report.files.map((file) => file.path.replace(/\\/g, '/')).sort();
}

/** Every file under dist/ on disk, relative to the root. */
function distFiles(dir = join(ROOT, 'dist')): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? distFiles(path) : [relative(ROOT, path).replace(/\\/g, '/')];
	});
}

/** `file:` icon paths of a node or credential description, resolved against the file's folder. */
function iconFiles(fromFile: string, icon: unknown): string[] {
	const paths = typeof icon === 'string' ? [icon] : Object.values((icon ?? {}) as Record<string, string>);
	return paths.map((path) => {
		expect(path).toMatch(/^file:/);
		return posix.normalize(posix.join(posix.dirname(fromFile), path.slice('file:'.length)));
	});
}

function loadClass(file: string): new () => Record<string, any> {
	const className = posix.basename(file).replace(/\.(node|credentials)\.js$/, '');
	const exported = require(resolve(ROOT, file)) as Record<string, new () => Record<string, any>>;
	expect(typeof exported[className]).toBe('function');
	return exported[className];
}

describe('npm pack (what npm publish would upload)', () => {
	let files: string[];
	let shipped: Set<string>;

	beforeAll(() => {
		const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((file) => {
			try {
				return !statSync(resolve(ROOT, file)).isFile();
			} catch {
				return true;
			}
		});
		if (missing.length > 0) throw new Error(`run \`npm run build\` first; missing: ${missing.join(', ')}`);
		files = packedFiles();
		shipped = new Set(files);
	});

	test('only dist/, README.md, LICENSE, package.json and the main file', () => {
		const rootFiles = ['LICENSE', 'README.md', 'package.json', ...(pkg.main ? [posix.normalize(pkg.main)] : [])];
		expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual(rootFiles.sort());
	});

	test('every node and credential file package.json lists under n8n', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect([file, shipped.has(file)]).toEqual([file, true]);
	});

	test('each node ships its codex .node.json and its light and dark SVG icons', () => {
		for (const file of pkg.n8n.nodes) {
			const codex = file.replace(/\.js$/, '.json');
			expect([codex, shipped.has(codex)]).toEqual([codex, true]);
			const codexJson = JSON.parse(readFileSync(resolve(ROOT, codex), 'utf8')) as { node: string };
			const Node = loadClass(file);
			const description = new Node().description as { name: string; icon: unknown };
			expect(codexJson.node).toBe(`${pkg.name}.${description.name}`);
			const icons = iconFiles(file, description.icon);
			expect(icons).toHaveLength(2);
			expect(new Set(icons).size).toBe(2);
			for (const icon of icons) {
				expect(icon).toMatch(/\.svg$/);
				expect([icon, shipped.has(icon)]).toEqual([icon, true]);
			}
		}
	});

	test("each credential's icons are shipped", () => {
		for (const file of pkg.n8n.credentials) {
			const Credential = loadClass(file);
			for (const icon of iconFiles(file, new Credential().icon)) expect([icon, shipped.has(icon)]).toEqual([icon, true]);
		}
	});

	test('no tests, sandbox, fixtures, examples, scripts, TypeScript or source maps', () => {
		const unwanted = files.filter(
			(file) =>
				/(^|\/)(test|tests|__tests__|sandbox|fixtures?|e2e|examples|scripts|coverage|node_modules)\//.test(file) ||
				/\.(test|spec|bench)\.[jt]s$/.test(file) ||
				/\.(ts|mts|cts|map|tsbuildinfo|tgz)$/.test(file) ||
				/(^|\/)\.[^/]+$/.test(file) ||
				file === 'dist/package.json',
		);
		expect(unwanted).toEqual([]);
	});

	test('every run-time file the build makes is shipped (a new kind of asset would be caught here)', () => {
		const runtime = distFiles().filter((file) => !/\.(d\.ts|map)$/.test(file) && file !== 'dist/package.json');
		expect(runtime.filter((file) => !shipped.has(file))).toEqual([]);
	});

	test('every relative require() of a shipped .js file resolves to a shipped file', () => {
		const unresolved: string[] = [];
		for (const file of files.filter((path) => path.endsWith('.js'))) {
			const source = readFileSync(resolve(ROOT, file), 'utf8');
			for (const [, target] of source.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
				const base = posix.normalize(posix.join(posix.dirname(file), target));
				if (![base, `${base}.js`, `${base}.json`, `${base}/index.js`].some((candidate) => shipped.has(candidate))) {
					unresolved.push(`${file} -> ${target}`);
				}
			}
		}
		expect(unresolved).toEqual([]);
	});
});
