/**
 * The execution's request slots: at most `size` requests on the wire at once, across every item,
 * page and PDF of one execution. A slot is held for one attempt (the wait for the rate limit
 * included, the backoff between attempts not), and handed to the longest waiting request first.
 */
export class RequestSlots {
	private active = 0;
	private readonly queue: Array<() => void> = [];

	constructor(readonly size: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.active < this.size) this.active++;
		else await new Promise<void>((resolve) => this.queue.push(resolve));
		try {
			return await task();
		} finally {
			// The slot passes straight to the next waiter, so a newcomer cannot overtake it.
			const next = this.queue.shift();
			if (next) next();
			else this.active--;
		}
	}
}
