/**
 * Jest harness for n8n-nodes-hosting-invoices: runs the BUILT package's nodes through
 * n8n-core's real WorkflowExecute. See test/harness/README.md.
 */
import './env';

export {
	runNode,
	runWorkflow,
	runPoll,
	runListSearch,
	type RunListSearchOptions,
	type RunPollOptions,
	type RunPollResult,
	TRIGGER_NODE_NAME,
	INPUT_NODE_NAME,
	type RunNodeOptions,
	type RunNodeResult,
	type RunWorkflowOptions,
	type RunWorkflowResult,
	type HarnessCredential,
	type HarnessNode,
	type NodeError,
} from './engine';
export { loadPackage, REPO_ROOT, type LoadedPackage } from './package-loader';
export {
	HarnessCredentialsHelper,
	type CredentialDataMap,
	type CredentialTypeMap,
	type CredentialsHelperLog,
} from './credentials-helper';
export { MANUAL_TRIGGER_TYPE, INPUT_TYPE } from './harness-nodes';
export { toBinary, binaryBuffer } from './binary';
export { startTestServer, type TestServer, type RecordedRequest, type Reply } from './test-server';
