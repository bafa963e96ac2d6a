/**
 * A tiny local HTTP server for node tests: records every request, answers from a handler,
 * and closes cleanly (keep-alive sockets included) so jest has no open handles.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** path + query string, e.g. '/invoices?page=2' */
	url: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	body: string;
	/** body parsed as JSON when it is JSON, else undefined */
	json?: unknown;
}

export interface Reply {
	status?: number;
	headers?: Record<string, string>;
	/** objects are sent as JSON; Buffers as-is */
	body?: unknown;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface TestServer {
	/** 'http://127.0.0.1:<port>' */
	url: string;
	requests: RecordedRequest[];
	/** replace the handler */
	handle(handler: Handler): void;
	close(): Promise<void>;
}

export async function startTestServer(handler: Handler = () => ({ status: 404, body: { error: 'no handler' } })): Promise<TestServer> {
	let current = handler;
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const body = Buffer.concat(chunks).toString('utf8');
				const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
				let json: unknown;
				try {
					json = body ? JSON.parse(body) : undefined;
				} catch {
					json = undefined;
				}
				const recorded: RecordedRequest = {
					method: req.method ?? 'GET',
					url: req.url ?? '/',
					path: parsed.pathname,
					query: Object.fromEntries(parsed.searchParams.entries()),
					headers: req.headers,
					body,
					json,
				};
				requests.push(recorded);
				try {
					const reply = await current(recorded);
					const headers: Record<string, string> = { ...(reply.headers ?? {}) };
					let payload: Buffer | string = '';
					if (Buffer.isBuffer(reply.body)) payload = reply.body;
					else if (typeof reply.body === 'string') payload = reply.body;
					else if (reply.body !== undefined) {
						payload = JSON.stringify(reply.body);
						headers['content-type'] ??= 'application/json';
					}
					res.writeHead(reply.status ?? 200, headers);
					res.end(payload);
				} catch (error) {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(String(error));
				}
			})();
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		handle(next) {
			current = next;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
