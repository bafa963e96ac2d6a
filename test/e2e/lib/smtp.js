'use strict';
/**
 * A tiny SMTP sink on 127.0.0.1 (Node's net module only). It accepts every message
 * without authentication or TLS and keeps it in memory, so n8n's "Send Email" node
 * can be exercised without an outside mail account.
 *
 *   const sink = await createSmtpSink();          // {port, messages, close()}
 *   sink.messages[0] -> {from, to:[...], data, headers, subject, attachments:[{fileName, contentType, bytes}]}
 */
const net = require('node:net');

function parseHeaders(block) {
	const headers = {};
	const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
	for (const line of unfolded.split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return headers;
}

function splitHeadBody(text) {
	const m = /\r?\n\r?\n/.exec(text);
	if (!m) return [text, ''];
	return [text.slice(0, m.index), text.slice(m.index + m[0].length)];
}

function decodeWord(s) {
	// RFC 2047 encoded words, enough for subjects and file names
	return String(s || '').replace(/=\?([^?]+)\?([bqBQ])\?([^?]*)\?=/g, (_, cs, enc, txt) => {
		if (enc.toLowerCase() === 'b') return Buffer.from(txt, 'base64').toString('utf8');
		return Buffer.from(
			txt.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))),
			'latin1',
		).toString('utf8');
	});
}

function param(header, name) {
	if (!header) return null;
	const re = new RegExp(`${name}\\*?=("([^"]*)"|([^;\\s]*))`, 'i');
	const m = re.exec(header);
	if (!m) return null;
	let v = m[2] !== undefined ? m[2] : m[3];
	if (/^utf-8''/i.test(v)) v = decodeURIComponent(v.replace(/^utf-8''/i, ''));
	return decodeWord(v);
}

/** Walk a MIME tree, collecting leaf parts. */
function parseMime(text, out = { attachments: [], texts: [] }) {
	const [head, body] = splitHeadBody(text);
	const headers = parseHeaders(head);
	const ctype = headers['content-type'] || 'text/plain';
	const boundary = param(ctype, 'boundary');
	if (/^multipart\//i.test(ctype) && boundary) {
		const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
		for (const p of parts) if (p.trim()) parseMime(p, out);
		return out;
	}
	const enc = (headers['content-transfer-encoding'] || '').toLowerCase();
	let bytes;
	if (enc === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
	else if (enc === 'quoted-printable')
		bytes = Buffer.from(
			body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
			'latin1',
		);
	else bytes = Buffer.from(body, 'latin1');
	const disp = headers['content-disposition'] || '';
	const fileName = param(disp, 'filename') || param(ctype, 'name');
	if (/attachment/i.test(disp) || fileName) {
		out.attachments.push({ fileName, contentType: ctype.split(';')[0].trim().toLowerCase(), bytes });
	} else {
		out.texts.push({ contentType: ctype.split(';')[0].trim().toLowerCase(), text: bytes.toString('utf8') });
	}
	return out;
}

function createSmtpSink({ host = '127.0.0.1', port = 0 } = {}) {
	const messages = [];
	const sockets = new Set();
	const waiters = [];
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		let buf = '';
		let inData = false;
		let env = { from: null, to: [] };
		const reply = (s) => socket.write(`${s}\r\n`);
		reply('220 localhost e2e SMTP sink');
		socket.on('data', (chunk) => {
			buf += chunk.toString('latin1');
			for (;;) {
				if (inData) {
					const end = buf.indexOf('\r\n.\r\n');
					const endAtStart = buf.startsWith('.\r\n') ? 0 : -1;
					if (end < 0 && endAtStart < 0) return;
					const raw = endAtStart === 0 ? '' : buf.slice(0, end);
					buf = endAtStart === 0 ? buf.slice(3) : buf.slice(end + 5);
					inData = false;
					const data = raw.replace(/\r\n\.\./g, '\r\n.');
					const [head] = splitHeadBody(data);
					const headers = parseHeaders(head);
					const mime = parseMime(data);
					const msg = {
						from: env.from,
						to: env.to,
						data,
						headers,
						subject: decodeWord(headers.subject || ''),
						texts: mime.texts,
						attachments: mime.attachments,
					};
					messages.push(msg);
					env = { from: null, to: [] };
					reply('250 OK: queued');
					while (waiters.length && waiters[0].n <= messages.length) waiters.shift().resolve(messages);
					continue;
				}
				const nl = buf.indexOf('\r\n');
				if (nl < 0) return;
				const line = buf.slice(0, nl);
				buf = buf.slice(nl + 2);
				const cmd = line.slice(0, 4).toUpperCase();
				if (cmd === 'EHLO') {
					socket.write('250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 104857600\r\n');
				} else if (cmd === 'HELO') reply('250 localhost');
				else if (cmd === 'MAIL') {
					env.from = (/<([^>]*)>/.exec(line) || [])[1] || null;
					reply('250 OK');
				} else if (cmd === 'RCPT') {
					env.to.push((/<([^>]*)>/.exec(line) || [])[1] || null);
					reply('250 OK');
				} else if (cmd === 'DATA') {
					inData = true;
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (cmd === 'RSET') {
					env = { from: null, to: [] };
					reply('250 OK');
				} else if (cmd === 'NOOP') reply('250 OK');
				else if (cmd === 'QUIT') {
					reply('221 Bye');
					socket.end();
				} else if (cmd === 'AUTH') reply('235 Authentication successful');
				else reply('502 Command not implemented');
			}
		});
	});
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(port, host, () => {
			resolve({
				host,
				port: server.address().port,
				messages,
				/** resolves when at least n messages arrived (or rejects after timeoutMs) */
				waitFor(n, timeoutMs = 10000) {
					if (messages.length >= n) return Promise.resolve(messages);
					return new Promise((res, rej) => {
						const t = setTimeout(() => rej(new Error(`SMTP sink: ${messages.length}/${n} messages after ${timeoutMs} ms`)), timeoutMs);
						t.unref();
						waiters.push({ n, resolve: (m) => (clearTimeout(t), res(m)) });
					});
				},
				close() {
					for (const s of sockets) s.destroy();
					return new Promise((r) => server.close(() => r()));
				},
			});
		});
	});
}

module.exports = { createSmtpSink, parseMime };
