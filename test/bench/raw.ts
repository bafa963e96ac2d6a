/**
 * The benchmark's yardstick: a plain fetch loop per API making the minimal requests (the account
 * beside the first page where the invoices need it, then the pages one after another, then the
 * PDFs one at a time or four at once). It parses the JSON and keeps the records, nothing more: no
 * normalization, no checks, no retries, no n8n. Node's fetch keeps connections alive, which n8n's
 * request helpers cannot (README, Known limits).
 */
type Headers = Record<string, string>;
type Record_ = Record<string, unknown>;

export interface RawApi {
	/** The newest `wanted` invoices (all without), in the order Get Many outputs them. */
	list(wanted?: number, filters?: Record<string, string>): Promise<Record_[]>;
	/** The PDF of one listed record. */
	pdf?(record: Record_): Promise<Buffer>;
}

async function json(url: string, headers: Headers): Promise<any> {
	const response = await fetch(url, { headers });
	if (!response.ok) throw new Error(`${response.status} from ${url}`);
	return await response.json();
}

async function bytes(url: string, init: RequestInit): Promise<Buffer> {
	const response = await fetch(url, init);
	if (!response.ok) throw new Error(`${response.status} from ${url}`);
	return Buffer.from(await response.arrayBuffer());
}

export function rawApi(provider: string, base: string, token: string, paged = false): RawApi {
	switch (provider) {
		case 'vpsbg': {
			const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
			return {
				async list(wanted = Infinity) {
					const [, first] = await Promise.all([json(`${base}/balance`, headers), json(`${base}/invoices?page=1`, headers)]);
					const records: Record_[] = [...first.data];
					for (let page = 2; page <= first.meta.last_page && records.length < wanted; page++) records.push(...(await json(`${base}/invoices?page=${page}`, headers)).data);
					return records.slice(0, wanted);
				},
				pdf: async (record) => await bytes(`${base}/invoices/${record.id}/download`, { method: 'POST', headers }),
			};
		}
		case 'i3dnet': {
			const headers = { 'PRIVATE-TOKEN': token };
			return {
				async list(wanted = Infinity) {
					const size = Math.min(100, wanted);
					const records: Record_[] = [];
					for (let start = 0; ; ) {
						const window: Record_[] = await json(`${base}/account/invoice`, { ...headers, 'RANGED-DATA': `start=${start},results=${size}` });
						records.push(...window);
						if (window.length < size || records.length >= wanted) break;
						start += window.length;
					}
					return records.slice(0, wanted);
				},
				pdf: async (record) => await bytes(`${base}/account/invoice/${record.id}/pdf`, { headers }),
			};
		}
		case 'wisecp': {
			const headers = { Apikey: token };
			return {
				async list(wanted = Infinity, filters = {}) {
					const limit = Math.min(50, wanted);
					const query = Object.entries(filters).map(([key, value]) => `&filter[${key}]=${value}`).join('');
					const records: Record_[] = [];
					for (let page = 1; ; page++) {
						const body = await json(`${base}Billing/GetInvoices?page=${page}&limit=${limit}${query}`, headers);
						records.push(...body.data);
						if (!body.next_page || records.length >= wanted) break;
					}
					return records.slice(0, wanted);
				},
				pdf: async (record) => await bytes(String(record.formalize_file), {}),
			};
		}
		case 'pph': {
			const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
			return {
				async list(wanted = Infinity) {
					const [, first] = await Promise.all([json(`${base}/client`, headers), json(`${base}/client/invoices`, headers)]);
					const records: Record_[] = [...first.data];
					if (paged) for (let page = 2; page <= first.meta.last_page; page++) records.push(...(await json(`${base}/client/invoices?page=${page}`, headers)).data);
					// oldest first: the newest are at the end
					return records.reverse().slice(0, wanted);
				},
				pdf: async (record) => await bytes(`${base}/client/invoices/${record.id}/download`, { headers }),
			};
		}
		case 'northflank': {
			const headers = { Authorization: `Bearer ${token}` };
			return {
				async list(wanted = Infinity) {
					const records: Record_[] = [];
					for (let cursor: string | undefined; ; ) {
						const body = await json(`${base}/billing/invoices?per_page=100${cursor ? `&cursor=${cursor}` : ''}`, headers);
						records.push(...body.data.invoices);
						cursor = body.pagination.cursor;
						if (!cursor) break;
					}
					return records.reverse().slice(0, wanted);
				},
			};
		}
		default:
			throw new Error(`no raw client for ${provider}`);
	}
}

/** Fetches every record's PDF, `concurrency` at a time, the files kept in order. */
export async function rawPdfs(api: RawApi, records: Record_[], concurrency: number): Promise<Buffer[]> {
	const files: Buffer[] = new Array(records.length);
	let next = 0;
	const worker = async () => {
		while (next < records.length) {
			const index = next++;
			files[index] = await api.pdf!(records[index]);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return files;
}
