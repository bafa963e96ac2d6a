/**
 * In-memory credentials helper, modelled on n8n's CredentialsHelper (packages/cli, which is
 * not part of n8n-core): credential data comes from the test, credential types from the
 * loaded package(s).
 */
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type ICredentialType,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/** Credential types by name (`ICredentialType.name`). */
export type CredentialTypeMap = Record<string, ICredentialType>;

/** Test credential data by credential type name. */
export type CredentialDataMap = Record<string, ICredentialDataDecryptedObject>;

/** What the helper saw; handy for assertions. */
export interface CredentialsHelperLog {
	/** credential type names passed to getDecrypted(), in call order */
	decrypted: string[];
	/** credential type names passed to authenticate(), in call order */
	authenticated: string[];
	/** preAuthentication results that were written back (like n8n saving them to the DB) */
	updates: Array<{ type: string; data: ICredentialDataDecryptedObject }>;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly log: CredentialsHelperLog = { decrypted: [], authenticated: [], updates: [] };

	private readonly store: CredentialDataMap;

	constructor(
		private readonly credentialTypes: CredentialTypeMap,
		credentials: CredentialDataMap = {},
		/** node types, only used to resolve expressions when authenticate() gets no workflow */
		private readonly nodeTypes?: INodeTypes,
	) {
		super();
		this.store = structuredClone(credentials);
	}

	getCredentialType(name: string): ICredentialType {
		const type = this.credentialTypes[name];
		if (!type) {
			throw new UnexpectedError(`Unknown credential type "${name}"`, {
				extra: { known: Object.keys(this.credentialTypes) },
			});
		}
		return type;
	}

	getParentTypes(name: string): string[] {
		const type = this.credentialTypes[name];
		if (!type?.extends) return [];
		const parents = [...type.extends];
		for (const parent of type.extends) parents.push(...this.getParentTypes(parent));
		return parents;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.credentialTypes[credentialType];
		if (!type?.restrictToSupportedNodes) return true;
		const supported = type.supportedNodes ?? [];
		const shortName = nodeType.slice(nodeType.lastIndexOf('.') + 1);
		return supported.includes(nodeType) || supported.includes(shortName);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes[type];
		if (!credentialType) return [];
		const own = credentialType.properties ?? [];
		if (!credentialType.extends) return own;
		// n8n: parent properties first, the child's own ones override by name
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) combined.push(...this.getCredentialsProperties(parent));
		for (const property of own) {
			const index = combined.findIndex((p) => p.name === property.name);
			if (index === -1) combined.push(property);
			else combined[index] = property;
		}
		return combined;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.log.decrypted.push(type);
		const original = this.store[type];
		if (original === undefined) {
			throw new UnexpectedError(`No test credentials of type "${type}" were given to the harness`, {
				extra: { given: Object.keys(this.store) },
			});
		}
		if (raw) return structuredClone(original);

		// Like n8n's applyDefaultsAndOverwrites(): fill defaults from the type's properties
		// (this also drops fields the type does not declare, as n8n does).
		const properties = this.getCredentialsProperties(type);
		const withDefaults = properties.length
			? ((NodeHelpers.getNodeParameters(
					properties,
					structuredClone(original) as INodeParameters,
					true,
					false,
					null,
					null,
				) ?? {}) as ICredentialDataDecryptedObject)
			: structuredClone(original);
		if (original.oauthTokenData !== undefined) withDefaults.oauthTokenData = original.oauthTokenData;

		// Credential values can be expressions; n8n resolves them against the current item.
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			return workflow.expression.getParameterValue(
				withDefaults as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				{},
				executeData,
				false,
			) as ICredentialDataDecryptedObject;
		}
		return withDefaults;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		this.log.authenticated.push(typeName);
		const requestOptions = incomingRequestOptions as IHttpRequestOptions & IDataObject;
		const credentialType = this.getCredentialType(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (authenticate.type === 'generic') {
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			const resolve = this.resolver(credentials, workflow, node);
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				if (outerValue === undefined || outerValue === null) continue;
				const target = ((requestOptions as IDataObject)[outerKey] ??= {}) as IDataObject;
				for (const [key, value] of Object.entries(outerValue as IDataObject)) {
					target[resolve(key)] = typeof value === 'string' ? resolve(value) : value;
				}
			}
		}
		return requestOptions;
	}

	/** Same as n8n: resolve `=...` strings with `$credentials` as an additional key. */
	private resolver(credentials: ICredentialDataDecryptedObject, workflow?: Workflow, node?: INode) {
		let wf = workflow;
		let activeNode = node;
		return (value: string): string => {
			if (typeof value !== 'string' || value.charAt(0) !== '=') return value;
			if (!wf || !activeNode) {
				({ workflow: wf, node: activeNode } = this.scratchWorkflow());
			}
			const result = wf.expression.getSimpleParameterValue(
				activeNode,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			if (result === undefined || result === null || result === '') return '';
			return typeof result === 'object' ? JSON.stringify(result) : String(result);
		};
	}

	private scratchWorkflow(): { workflow: Workflow; node: INode } {
		const node: INode = {
			id: 'harness-credentials-node',
			name: 'Credentials',
			type: 'harness.credentials',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const nodeTypes: INodeTypes = this.nodeTypes ?? {
			getByName: () => {
				throw new UnexpectedError('no node types');
			},
			getByNameAndVersion: () => {
				throw new UnexpectedError('no node types');
			},
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({
			id: 'harness-credentials',
			nodes: [],
			connections: {},
			active: false,
			nodeTypes,
		});
		return { workflow, node };
	}

	/**
	 * n8n's behaviour: only credential types with a `preAuthentication` function AND a hidden
	 * `expirable` property take part; it runs when that property is empty or after a 401
	 * (`credentialsExpired`), and the result is saved back to the credential.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes[typeName];
		if (!credentialType || typeof credentialType.preAuthentication !== 'function') return undefined;
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined) return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) {
			return undefined;
		}
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const merged = Object.assign(credentials, output);
			await this.updateCredentials(node.credentials[typeName], typeName, merged);
			return merged;
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes[typeName];
		if (!credentialType || typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.store[type];
		if (data === undefined) throw new UnexpectedError(`No test credentials of type "${type}"`);
		// Minimal ICredentials: enough for code paths that only read data back.
		return {
			id: nodeCredentials.id ?? undefined,
			name: nodeCredentials.name,
			type,
			data: undefined,
			getData: () => structuredClone(data),
			getDataToSave: () => ({ id: nodeCredentials.id, name: nodeCredentials.name, type, data: '' }),
			setData: (newData: ICredentialDataDecryptedObject) => {
				this.store[type] = newData;
			},
		} as unknown as ICredentials;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...this.store[type], ...structuredClone(data) };
		this.log.updates.push({ type, data: structuredClone(data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, { oauthTokenData: data.oauthTokenData });
	}

	/** Current stored data of a credential (after any preAuthentication updates). */
	getStored(type: string): ICredentialDataDecryptedObject | undefined {
		return this.store[type] === undefined ? undefined : structuredClone(this.store[type]);
	}
}
