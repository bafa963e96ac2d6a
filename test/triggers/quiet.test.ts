/**
 * A poll with nothing new leaves the static data exactly as it was (`changed` false), so n8n
 * has nothing to save after a quiet poll, on either event.
 */
import { PROVIDERS, apiHasStatus, pollOk, useSandbox, type Sandbox } from './helpers';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger, quiet polls', (_label, p) => {
	const events = apiHasStatus(p) ? ['newInvoice', 'statusChanged'] : ['newInvoice'];
	test.each(events)('%s: the second and third poll change nothing', async (event) => {
		const first = await pollOk(sandbox, p, { event });
		expect(first.changed).toBe(true);
		const second = await pollOk(sandbox, p, { event }, { staticData: first.staticData });
		expect(second.items).toEqual([]);
		expect(second.changed).toBe(false);
		expect(second.staticData).toEqual(first.staticData);
		const third = await pollOk(sandbox, p, { event }, { staticData: second.staticData });
		expect(third.changed).toBe(false);
	});
});
