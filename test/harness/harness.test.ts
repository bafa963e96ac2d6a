/**
 * Self-test of the harness against test/harness/fixture (a plain-JS community package):
 * proves that a node runs through n8n-core's WorkflowExecute with our credentials helper.
 */
import { join } from 'node:path';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { binaryBuffer, INPUT_TYPE, loadPackage, MANUAL_TRIGGER_TYPE, runNode, runWorkflow, startTestServer, toBinary, type TestServer } from './index';

const FIXTURE = join(__dirname, 'fixture');
const credentials = (server: TestServer, apiKey = 'secret-key') => ({
	type: 'fixtureApi',
	data: { baseUrl: server.url, apiKey },
});

describe('test harness (fixture package)', () => {
	let server: TestServer;

	beforeAll(async () => {
		server = await startTestServer((req) => {
			if (req.path === '/login') {
				const ok = (req.json as { password?: string })?.password === 'pw';
				return ok ? { body: { token: 'session-1' } } : { status: 403, body: { message: 'bad login' } };
			}
			if (req.headers['x-session'] === 'session-1') return { body: { ok: true, path: req.path, session: true } };
			if (req.headers.authorization !== 'Bearer secret-key') return { status: 401, body: { message: 'bad key' } };
			return { status: 200, body: { ok: true, path: req.path, region: req.query.region } };
		});
	});
	afterAll(async () => {
		await server.close();
	});
	beforeEach(() => {
		server.requests.length = 0;
	});

	it('loads the package with PackageDirectoryLoader', async () => {
		const pkg = await loadPackage(FIXTURE);
		expect(pkg.packageName).toBe('n8n-nodes-harness-fixture');
		expect(Object.keys(pkg.nodes)).toEqual(['fixture']);
		expect(Object.keys(pkg.credentials).sort()).toEqual(['fixtureApi', 'fixtureFnApi']);
		expect(await loadPackage(FIXTURE)).toBe(pkg); // cached
	});

	it('runs the node: auth header, json, binary, pairedItem', async () => {
		const started = Date.now();
		const result = await runNode({
			packageDir: FIXTURE,
			type: 'fixture',
			parameters: { mode: 'http', path: '/invoices' },
			credentials: credentials(server),
			input: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();

		// the declarative `authenticate` block reached the server, defaults filled in
		expect(server.requests).toHaveLength(2);
		expect(server.requests[0].headers.authorization).toBe('Bearer secret-key');
		expect(server.requests[0].query.region).toBe('eu-default');
		expect(server.requests[0].path).toBe('/invoices');

		expect(result.items).toHaveLength(2);
		const [first, second] = result.items;
		expect(first.json).toEqual({
			statusCode: 200,
			body: { ok: true, path: '/invoices', region: 'eu-default' },
			label: 'default-label', // parameter default filled in by n8n's Workflow
			input: { n: 1 },
			typeVersion: 2, // newest version by default
		});
		expect(second.json.input).toEqual({ n: 2 });

		const binary = first.binary?.data;
		expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: 'x.pdf', fileExtension: 'pdf' });
		expect(binary?.id).toBeUndefined();
		expect(binary?.data).toBe(Buffer.from('%PDF-1.4 fixture 0').toString('base64'));
		expect(binaryBuffer(second.binary?.data).toString()).toBe('%PDF-1.4 fixture 1');

		expect(first.pairedItem).toEqual({ item: 0 });
		expect(second.pairedItem).toEqual({ item: 1 });
		expect(result.credentialsHelper.log.authenticated).toEqual(['fixtureApi', 'fixtureApi']);
		expect(elapsed).toBeLessThan(10_000);
	});

	it('passes input binaries through to the node', async () => {
		const { items, error } = await runNode({
			packageDir: FIXTURE,
			type: 'fixture',
			parameters: { mode: 'echoBinary' },
			credentials: credentials(server),
			input: [{ json: {}, binary: { data: toBinary('hello pdf', 'in.pdf', 'application/pdf') } }],
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ fileName: 'in.pdf', mimeType: 'application/pdf', text: 'hello pdf' });
	});

	it('honours typeVersion', async () => {
		const { items } = await runNode({
			packageDir: FIXTURE,
			type: 'n8n-nodes-harness-fixture.fixture',
			typeVersion: 1,
			parameters: { mode: 'http' },
			credentials: credentials(server),
		});
		expect(items[0].json.typeVersion).toBe(1);
	});

	it('continueOnFail turns a thrown NodeOperationError into { json: { error } }', async () => {
		const result = await runNode({
			packageDir: FIXTURE,
			type: 'fixture',
			parameters: { mode: 'throw' },
			credentials: credentials(server),
			input: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{ error: 'Fixture failure on item 0' },
			{ error: 'Fixture failure on item 1' },
		]);
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('surfaces a NodeOperationError with message and description', async () => {
		const result = await runNode({
			packageDir: FIXTURE,
			type: 'fixture',
			parameters: { mode: 'throw' },
			credentials: credentials(server),
		});
		expect(result.items).toEqual([]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Fixture failure on item 0');
		expect(result.error?.description).toBe('thrown on purpose');
	});

	it('surfaces a NodeApiError with httpCode on HTTP errors', async () => {
		const result = await runNode({
			packageDir: FIXTURE,
			type: 'fixture',
			parameters: { mode: 'http' },
			credentials: credentials(server, 'wrong-key'),
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.message).toMatch(/Authorization failed|bad key/);
		expect(server.requests[0].headers.authorization).toBe('Bearer wrong-key');
		// like n8n: after a 401 httpRequestWithAuthentication retries once (preAuthentication hook)
		expect(server.requests).toHaveLength(2);
		// n8n-core itself only keeps a plain copy of the error in runData
		expect(result.recordedError).not.toBeInstanceOf(Error);
		expect(result.recordedError).toMatchObject({ httpCode: '401', message: result.error?.message });
	});

	it('function authenticate + preAuthentication (expirable session token)', async () => {
		const result = await runNode({
			packageDir: FIXTURE,
			type: 'fixture',
			parameters: { authentication: 'fixtureFnApi', mode: 'http', path: '/me' },
			credentials: { type: 'fixtureFnApi', data: { baseUrl: server.url, username: 'u', password: 'pw' } },
			input: [{ json: {} }, { json: {} }],
		});
		expect(result.error).toBeUndefined();
		expect(server.requests.map((r) => r.path)).toEqual(['/login', '/me', '/me']); // token saved after first login
		expect(server.requests[1].headers['x-session']).toBe('session-1');
		expect(result.items[0].json.body).toEqual({ ok: true, path: '/me', session: true });
		expect(result.credentialsHelper.getStored('fixtureFnApi')?.sessionToken).toBe('session-1');
	});

	it('reports missing credentials as the node error', async () => {
		const result = await runNode({ packageDir: FIXTURE, type: 'fixture', parameters: { mode: 'http' } });
		expect(result.error?.message).toMatch(/credentials/i);
	});

	it('runWorkflow runs multi-node workflows', async () => {
		const result = await runWorkflow(
			[
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
				{ name: 'Items', type: INPUT_TYPE },
				{ name: 'A', type: 'fixture', parameters: { mode: 'http', path: '/a', label: '={{ $json.label }}' } },
				{ name: 'B', type: 'fixture', parameters: { mode: 'http', path: '/b', label: "={{ $('Items').item.json.label }}-b" } },
			],
			{
				Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
				Items: { main: [[{ node: 'A', type: 'main', index: 0 }]] },
				A: { main: [[{ node: 'B', type: 'main', index: 0 }]] },
			},
			{ fixtureApi: { baseUrl: server.url, apiKey: 'secret-key' } },
			{ packageDirs: [FIXTURE], inputs: { Items: [{ json: { label: 'first' } }] } },
		);
		expect(result.error).toBeUndefined();
		expect(result.outputOf('A')[0].json.label).toBe('first');
		expect(result.outputOf('B')[0].json.label).toBe('first-b');
		expect(server.requests.map((r) => r.path)).toEqual(['/a', '/b']);
	});
});
