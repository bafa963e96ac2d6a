/**
 * Runs workflows through n8n-core's real WorkflowExecute.
 */
import './env';

import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, LoadOptionsContext, PollContext, TriggersAndPollers, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type INodeListSearchResult,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { ensureContainer } from './container';
import { HarnessCredentialsHelper, type CredentialDataMap, type CredentialTypeMap } from './credentials-helper';
import {
	createInputNodeType,
	HarnessManualTrigger,
	INPUT_TYPE,
	MANUAL_TRIGGER_TYPE,
} from './harness-nodes';
import { loadPackage, type LoadedPackage } from './package-loader';

export const TRIGGER_NODE_NAME = 'Manual Trigger';
export const INPUT_NODE_NAME = 'Input';

export type NodeError = Error & {
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
	node?: INode;
	[key: string]: unknown;
};

export interface RunNodeOptions {
	/** node name inside the package, e.g. 'vpsbg' (or a full type 'n8n-nodes-hosting-invoices.vpsbg') */
	type: string;
	/** the node's parameters (defaults are filled in by n8n's Workflow, as in the editor) */
	parameters: INodeParameters;
	/** e.g. { type: 'vpsbgApi', data: { baseUrl, apiKey } }; an array for nodes with several */
	credentials?: HarnessCredential | HarnessCredential[];
	/** items the node receives (default [{ json: {} }]); binary data inline as base64 */
	input?: INodeExecutionData[];
	/** node setting onError: 'continueRegularOutput' */
	continueOnFail?: boolean;
	/** any other onError value (wins over continueOnFail) */
	onError?: INode['onError'];
	/** defaults to the node type's defaultVersion, else its newest version */
	typeVersion?: number;
	/** defaults to the node's `defaults.name` */
	nodeName?: string;
	/** other INode settings: alwaysOutputData, executeOnce, retryOnFail, ... */
	nodeSettings?: Partial<Omit<INode, 'parameters' | 'type' | 'name' | 'credentials'>>;
	/** package root to load (default: the repository root, i.e. the built dist/) */
	packageDir?: string;
	/** workflow settings, e.g. { timezone: 'Europe/Sofia' } */
	settings?: IWorkflowSettings;
	/** default 'manual' */
	mode?: WorkflowExecuteMode;
}

export interface HarnessCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

export interface RunNodeResult {
	/** main output 0 of the node under test (json, binary, pairedItem) */
	items: INodeExecutionData[];
	/** all main outputs of the node under test */
	outputs: INodeExecutionData[][];
	/** the node's error if the execution failed (NodeApiError / NodeOperationError / ...) */
	error?: NodeError;
	/** the plain-object copy of the error that n8n-core stored in runData (what n8n shows/saves) */
	recordedError?: IDataObject;
	/** name the node under test had in the workflow */
	nodeName: string;
	/** the full IRun from WorkflowExecute */
	run: IRun;
	credentialsHelper: HarnessCredentialsHelper;
}

/** An INode where id, typeVersion (newest), position and parameters may be left out. */
export type HarnessNode = Omit<INode, 'id' | 'typeVersion' | 'position' | 'parameters'> &
	Partial<Pick<INode, 'id' | 'typeVersion' | 'position' | 'parameters'>>;

export interface RunWorkflowOptions {
	/** package roots to load node/credential types from (default: the repository root) */
	packageDirs?: string[];
	/** items for harness input nodes (type INPUT_TYPE), by node name */
	inputs?: Record<string, INodeExecutionData[]>;
	/** start node name (default: the first node of type MANUAL_TRIGGER_TYPE, else n8n's choice) */
	startNode?: string;
	settings?: IWorkflowSettings;
	mode?: WorkflowExecuteMode;
}

export interface RunWorkflowResult {
	run: IRun;
	runData: IRunData;
	/** first node task error in runData, else resultData.error (see toNodeError) */
	error?: NodeError;
	/** main output `outputIndex` of the first run of `nodeName` ([] if it did not run) */
	outputOf(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** task error of `nodeName`'s first run */
	errorOf(nodeName: string): NodeError | undefined;
	credentialsHelper: HarnessCredentialsHelper;
}

/**
 * INodeTypes over the loaded packages plus the harness nodes. For package nodes with an
 * execute() it hands out per-run wrappers that remember the error instance a node threw:
 * n8n-core 2.x only keeps a plain-object copy (`{ ...error, message, stack }`) in runData.
 */
class HarnessNodeTypes implements INodeTypes {
	/** last error thrown by execute(), by node name */
	readonly thrown = new Map<string, unknown>();

	private readonly wrappers = new Map<INodeType, INodeType>();

	constructor(
		private readonly packages: LoadedPackage[],
		private readonly extra: Record<string, INodeType | IVersionedNodeType>,
	) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const own = this.extra[nodeType];
		if (own) return own;
		const dot = nodeType.lastIndexOf('.');
		const packageName = nodeType.slice(0, dot);
		const name = nodeType.slice(dot + 1);
		const pkg = this.packages.find((p) => p.packageName === packageName);
		if (!pkg) {
			throw new UnexpectedError(`Unknown node type "${nodeType}"`, {
				extra: { packages: this.packages.map((p) => p.packageName) },
			});
		}
		return pkg.loader.getNode(name).type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const resolved = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		if (this.extra[nodeType] || typeof resolved.execute !== 'function') return resolved;
		let wrapper = this.wrappers.get(resolved);
		if (!wrapper) {
			const execute = resolved.execute;
			const thrown = this.thrown;
			wrapper = Object.create(resolved, {
				execute: {
					value: async function (this: IExecuteFunctions) {
						try {
							return await execute.call(this);
						} catch (error) {
							thrown.set(this.getNode().name, error);
							throw error;
						}
					},
				},
			}) as INodeType;
			this.wrappers.set(resolved, wrapper);
		}
		return wrapper;
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const pkg of this.packages) {
			for (const name of Object.keys(pkg.nodes)) known[`${pkg.packageName}.${name}`] = {};
		}
		for (const name of Object.keys(this.extra)) known[name] = {};
		return known;
	}
}

/**
 * The error as a real Error: the instance the node threw when it is the one n8n recorded
 * (same message), else the recorded plain copy turned back into an Error.
 */
function toNodeError(recorded: unknown, thrown: unknown): NodeError | undefined {
	if (recorded === undefined || recorded === null) return undefined;
	const plain = recorded as IDataObject;
	if (thrown instanceof Error && thrown.message === plain.message) return thrown as NodeError;
	if (recorded instanceof Error) return recorded as NodeError;
	const error = new Error(String(plain.message ?? 'Unknown error')) as NodeError;
	Object.assign(error, plain);
	return error;
}

let executionCounter = 0;

function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.description.defaultVersion ?? nodeType.currentVersion;
	const { version, defaultVersion } = nodeType.description;
	if (defaultVersion !== undefined) return defaultVersion;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function credentialTypesOf(packages: LoadedPackage[]): CredentialTypeMap {
	const map: CredentialTypeMap = {};
	for (const pkg of packages) Object.assign(map, pkg.credentials);
	return map;
}

function firstRecordedError(run: IRun): { nodeName?: string; error: unknown } | undefined {
	const { resultData } = run.data;
	for (const [nodeName, tasks] of Object.entries(resultData.runData ?? {})) {
		for (const task of tasks) if (task.error) return { nodeName, error: task.error };
	}
	if (resultData.error) return { nodeName: resultData.lastNodeExecuted, error: resultData.error };
	return undefined;
}

/**
 * Run an arbitrary workflow. Nodes may use short types ('vpsbg') for nodes of the first
 * package; harness nodes are MANUAL_TRIGGER_TYPE and INPUT_TYPE. Nodes that declare a
 * credential type present in `credentials` but have none set get it attached.
 */
export async function runWorkflow(
	nodes: HarnessNode[],
	connections: IConnections,
	credentials: CredentialDataMap = {},
	options: RunWorkflowOptions = {},
): Promise<RunWorkflowResult> {
	ensureContainer();
	const packages = await Promise.all((options.packageDirs ?? [undefined]).map((dir) => loadPackage(dir)));
	const mainPackage = packages[0];
	const nodeTypes = new HarnessNodeTypes(packages, {
		[MANUAL_TRIGGER_TYPE]: new HarnessManualTrigger(),
		[INPUT_TYPE]: createInputNodeType(options.inputs ?? {}),
	});

	const workflowNodes: INode[] = structuredClone(nodes).map((node, index) => {
		const type = node.type.includes('.') ? node.type : `${mainPackage.packageName}.${node.type}`;
		const nodeType = nodeTypes.getByName(type);
		const typeVersion = node.typeVersion ?? latestVersion(nodeType);
		const description = nodeTypes.getByNameAndVersion(type, typeVersion).description;
		const attached = { ...(node.credentials ?? {}) };
		for (const { name } of description.credentials ?? []) {
			if (!attached[name] && credentials[name] !== undefined) {
				attached[name] = { id: `harness-${name}`, name: `${name} (test)` };
			}
		}
		return {
			...node,
			id: node.id ?? `harness-node-${index}`,
			type,
			typeVersion,
			position: node.position ?? [index * 200, 0],
			parameters: node.parameters ?? {},
			...(Object.keys(attached).length > 0 ? { credentials: attached } : {}),
		};
	});

	const settings: IWorkflowSettings = { executionOrder: 'v1', timezone: 'UTC', ...(options.settings ?? {}) };
	const workflowId = 'harness-workflow';
	const workflow = new Workflow({
		id: workflowId,
		name: 'Harness workflow',
		nodes: workflowNodes,
		connections,
		active: false,
		nodeTypes,
		staticData: {},
		settings,
	});

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypesOf(packages), credentials, nodeTypes);
	const mode = options.mode ?? 'manual';
	const executionId = `harness-${process.pid}-${++executionCounter}`;
	const now = new Date();
	const workflowData = {
		id: workflowId,
		name: workflow.name,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: workflowNodes,
		connections,
		settings,
		staticData: {},
	} as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);

	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not supported by the test harness`);
	};
	const additionalData = {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		executeWorkflow: unsupported('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('startRunnerTask (Code node task runner)'),
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = options.startNode
		? workflow.getNode(options.startNode) ?? undefined
		: workflowNodes.find((n) => n.type === MANUAL_TRIGGER_TYPE);

	const workflowExecute = new WorkflowExecute(additionalData, mode, createRunExecutionData());
	const run = await workflowExecute.run({ workflow, startNode });
	const runData = run.data.resultData.runData ?? {};

	const first = firstRecordedError(run);
	return {
		run,
		runData,
		error: first ? toNodeError(first.error, first.nodeName ? nodeTypes.thrown.get(first.nodeName) : undefined) : undefined,
		outputOf: (nodeName, outputIndex = 0) => runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		errorOf: (nodeName) => toNodeError(runData[nodeName]?.[0]?.error, nodeTypes.thrown.get(nodeName)),
		credentialsHelper,
	};
}

/** Run one node of the package: Manual Trigger -> Input (options.input) -> node under test. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const pkg = await loadPackage(options.packageDir);
	const type = options.type.includes('.') ? options.type : `${pkg.packageName}.${options.type}`;
	const shortName = type.slice(type.lastIndexOf('.') + 1);
	const nodeType = pkg.nodes[shortName];
	if (!nodeType) {
		throw new Error(
			`Node type "${type}" is not in package ${pkg.packageName} (has: ${Object.keys(pkg.nodes).join(', ') || 'none'})`,
		);
	}
	const typeVersion = options.typeVersion ?? latestVersion(nodeType);
	const description = NodeHelpers.getVersionedNodeType(nodeType, typeVersion).description;
	const nodeName = options.nodeName ?? description.defaults.name ?? description.displayName;
	if (nodeName === TRIGGER_NODE_NAME || nodeName === INPUT_NODE_NAME) {
		throw new Error(`nodeName "${nodeName}" is reserved by the harness`);
	}

	const credentialList = options.credentials === undefined ? [] : ([] as HarnessCredential[]).concat(options.credentials);
	const credentials: CredentialDataMap = {};
	const nodeCredentials: INode['credentials'] = {};
	for (const { type: credentialType, data } of credentialList) {
		credentials[credentialType] = data;
		nodeCredentials[credentialType] = { id: `harness-${credentialType}`, name: `${credentialType} (test)` };
	}

	const onError = options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined);
	const nodeUnderTest: INode = {
		...(options.nodeSettings ?? {}),
		id: 'harness-node-under-test',
		name: nodeName,
		type,
		typeVersion,
		position: [400, 0],
		parameters: options.parameters,
		...(credentialList.length > 0 ? { credentials: nodeCredentials } : {}),
		...(onError ? { onError } : {}),
	};
	const nodes: INode[] = [
		{ id: 'harness-trigger', name: TRIGGER_NODE_NAME, type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'harness-input', name: INPUT_NODE_NAME, type: INPUT_TYPE, typeVersion: 1, position: [200, 0], parameters: {} },
		nodeUnderTest,
	];
	const connections: IConnections = {
		[TRIGGER_NODE_NAME]: { main: [[{ node: INPUT_NODE_NAME, type: 'main', index: 0 }]] },
		[INPUT_NODE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
	};

	const result = await runWorkflow(nodes, connections, credentials, {
		packageDirs: [pkg.dir],
		inputs: { [INPUT_NODE_NAME]: options.input ?? [{ json: {} }] },
		settings: options.settings,
		mode: options.mode,
	});
	const task = result.runData[nodeName]?.[0];
	const outputs = task?.data?.main?.map((output) => output ?? []) ?? [];
	return {
		items: outputs[0] ?? [],
		outputs,
		error: result.errorOf(nodeName) ?? result.error,
		recordedError: (task?.error ?? result.run.data.resultData.error) as IDataObject | undefined,
		nodeName,
		run: result.run,
		credentialsHelper: result.credentialsHelper,
	};
}

export interface RunPollOptions {
	/** the trigger node's type, e.g. 'vpsbgTrigger' */
	type: string;
	parameters: INodeParameters;
	credentials: HarnessCredential;
	/**
	 * The workflow's static data before the poll, as n8n saved it (default: none, the first poll
	 * after activation). The result's `staticData` is what n8n would save after this poll.
	 */
	staticData?: IDataObject;
	/** 'trigger' for a scheduled poll, 'manual' for Fetch Test Event (default 'trigger') */
	mode?: WorkflowExecuteMode;
	/** n8n 2.x's poll budget (getPollBudgetMs); undefined leaves n8n-core's default */
	pollBudgetMs?: number;
	nodeName?: string;
	settings?: IWorkflowSettings;
}

export interface RunPollResult {
	/** the items of the poll's one output ([] when the poll returned null) */
	items: INodeExecutionData[];
	/** whether poll() returned null (nothing to emit) */
	empty: boolean;
	error?: NodeError;
	/** a deep copy of the workflow's static data after the poll */
	staticData: IDataObject;
	/** whether the poll changed the static data (n8n's __dataChanged) */
	changed: boolean;
}

/** Runs one poll of a trigger node through n8n-core's real PollContext and TriggersAndPollers. */
export async function runPoll(options: RunPollOptions): Promise<RunPollResult> {
	ensureContainer();
	const pkg = await loadPackage();
	const nodeTypes = new HarnessNodeTypes([pkg], {});
	const type = `${pkg.packageName}.${options.type}`;
	const nodeType = nodeTypes.getByName(type);
	const typeVersion = latestVersion(nodeType);
	const description = nodeTypes.getByNameAndVersion(type, typeVersion).description;
	const nodeName = options.nodeName ?? description.defaults.name ?? description.displayName;
	const node: INode = {
		id: 'harness-poll-node',
		name: nodeName,
		type,
		typeVersion,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [options.credentials.type]: { id: `harness-${options.credentials.type}`, name: 'test' } },
	};
	const staticData = structuredClone(options.staticData ?? {});
	const workflow = new Workflow({
		id: 'harness-poll-workflow',
		name: 'Harness poll workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData,
		settings: { executionOrder: 'v1', timezone: 'UTC', ...(options.settings ?? {}) },
	});
	const credentialsHelper = new HarnessCredentialsHelper(
		credentialTypesOf([pkg]),
		{ [options.credentials.type]: options.credentials.data },
		nodeTypes,
	);
	const additionalData = {
		credentialsHelper,
		executionId: `harness-poll-${process.pid}-${++executionCounter}`,
		workflowId: workflow.id,
		userId: 'harness-user',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs as number,
	);
	let items: INodeExecutionData[] = [];
	let empty = true;
	let error: NodeError | undefined;
	try {
		const result = await Container.get(TriggersAndPollers).runPollFunction(workflow, node, context);
		empty = result === null;
		items = result?.[0] ?? [];
	} catch (thrown) {
		error = thrown as NodeError;
	}
	const changed = (workflow.staticData as IDataObject).__dataChanged === true;
	const saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	delete saved.__dataChanged;
	return { items, empty, error, staticData: saved, changed };
}

export interface RunListSearchOptions {
	/** the node's type, e.g. 'vpsbg' */
	type: string;
	credentials: HarnessCredential;
	/** the listSearch method, e.g. 'searchInvoices' */
	method: string;
	filter?: string;
	/** the node's parameters while the user searches (default: Get on version 2) */
	parameters?: INodeParameters;
}

/** Runs a node's resource-locator search through n8n-core's real LoadOptionsContext, as the editor does. */
export async function runListSearch(options: RunListSearchOptions): Promise<INodeListSearchResult> {
	ensureContainer();
	const pkg = await loadPackage();
	const nodeTypes = new HarnessNodeTypes([pkg], {});
	const type = `${pkg.packageName}.${options.type}`;
	const nodeType = nodeTypes.getByNameAndVersion(type, latestVersion(nodeTypes.getByName(type)));
	const node: INode = {
		id: 'harness-search-node',
		name: nodeType.description.defaults.name ?? nodeType.description.displayName,
		type,
		typeVersion: latestVersion(nodeTypes.getByName(type)),
		position: [0, 0],
		parameters: options.parameters ?? { resource: 'invoice', operation: 'get' },
		credentials: { [options.credentials.type]: { id: `harness-${options.credentials.type}`, name: 'test' } },
	};
	const workflow = new Workflow({ id: 'harness-search', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper: new HarnessCredentialsHelper(credentialTypesOf([pkg]), { [options.credentials.type]: options.credentials.data }, nodeTypes),
		workflowId: workflow.id,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'invoiceId');
	const search = nodeType.methods?.listSearch?.[options.method];
	if (!search) throw new Error(`${options.type} has no listSearch method ${options.method}`);
	return await search.call(context, options.filter);
}
