/**
 * The benchmark's handle on a sandbox running in its own process (sandbox-process.js): the
 * server's work happens beside the client being measured, as with a real API.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RemoteSandbox {
	baseUrls: Record<string, string>;
	tokens: Record<string, string>;
	url: string;
	setLatency(ms: number): Promise<void>;
	reset(): Promise<void>;
	log(): Promise<{ count: number; refused: number; paths: string[] }>;
	ids(provider: string): Promise<Array<string | number>>;
	warm(provider: string, ids: Array<string | number>): Promise<void>;
	close(): Promise<void>;
}

export async function startRemoteSandbox(options: Record<string, unknown>): Promise<RemoteSandbox> {
	const child: ChildProcess = fork(join(__dirname, 'sandbox-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	let next = 0;
	const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	child.on('message', (message: { id: number; value?: unknown; error?: string }) => {
		const waiter = pending.get(message.id);
		pending.delete(message.id);
		if (message.error !== undefined) waiter?.reject(new Error(message.error));
		else waiter?.resolve(message.value);
	});
	const call = async <T>(command: string, args?: unknown): Promise<T> =>
		await new Promise<T>((resolve, reject) => {
			const id = next++;
			pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			child.send({ id, command, args });
		});
	const started = await call<{ baseUrls: Record<string, string>; tokens: Record<string, string>; url: string }>('start', options);
	return {
		...started,
		setLatency: async (ms) => await call('latency', { ms }),
		reset: async () => await call('reset'),
		log: async () => await call('log'),
		ids: async (provider) => await call('ids', { provider }),
		warm: async (provider, ids) => await call('warm', { provider, ids }),
		close: async () => {
			await call('close');
			await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
		},
	};
}
