import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import type { PGlite, Results, Transaction } from "@electric-sql/pglite";
import { query as queryTemplate } from "@electric-sql/pglite/template";
import { PgliteStatements } from "@/db/pglite-statements";

// PGlite is one PostgreSQL backend on one connection: one statement or one whole transaction at a
// time. PGlite's own mutex serves them first come, first served per statement, so a request of ten
// statements queues ten times behind everything that arrived meanwhile, and a request that arrived
// first may finish last. This queue serves the connection in the order requests first asked for it:
// every statement or whole transaction is one entry, and an entry of an older request goes before
// any entry of a newer one. A request therefore waits only behind the work of requests that asked
// before it (and the one entry already running), however many arrive after it.
// See docs/decisions/008-pglite-fair-queue.md.

/**
 * A request's place in line (`seq`), taken when it first uses the database; inside a transaction's
 * callback, also the entry that holds the connection for it.
 */
type Turn = { seq?: number; openTransaction?: number };

const requests = new AsyncLocalStorage<Turn>();

// Taken once: a test that fakes the timers must not stop the database.
const nextTurn = setImmediate;

/**
 * Run `work` as one request: all its statements and transactions on the embedded database keep the
 * place in line of its first one. Route handlers run inside one (lib/http's `route`); work outside
 * any request (pages, background jobs) queues statement by statement.
 */
export function inRequestOrder<T>(work: () => T): T {
  return requests.run({}, work);
}

type Entry = { seq: number; id: number; start: () => void };

export class FairQueue {
  #waiting: Entry[] = [];
  #running: Entry | null = null;
  #nextSeq = 1;
  #nextId = 1;
  #scheduled = false;

  /** Run `work` alone on the connection, in its request's turn. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = requests.getStore();
    if (turn?.openTransaction !== undefined && turn.openTransaction === this.#running?.id) {
      // On PostgreSQL this statement would run on another connection, outside the transaction; on
      // the one connection of PGlite it would wait for the transaction, which waits for it: forever.
      return Promise.reject(
        new Error("The outer database was used inside db.transaction: use the transaction's `tx` instead."),
      );
    }
    const seq = turn ? (turn.seq ??= this.#nextSeq++) : this.#nextSeq++;
    // The entry starts from the queue's turn of the event loop, but runs in its request's context
    // (next's request store, this module's turn): a transaction's callback may read them.
    const inContext = AsyncResource.bind(work);
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        seq,
        id: this.#nextId++,
        start: () => {
          let running: Promise<T>;
          try {
            running = inContext();
          } catch (error) {
            running = Promise.reject(error);
          }
          running.then(resolve, reject).finally(() => {
            this.#running = null;
            this.#schedule();
          });
        },
      };
      this.#insert(entry);
      this.#schedule();
    });
  }

  /**
   * Run `inside` (a transaction's callback, called while its entry holds the connection) knowing
   * that entry: the outer database used from there is refused instead of waiting for ever.
   */
  holding<R>(inside: () => R): R {
    const running = this.#running;
    return running ? requests.run({ seq: running.seq, openTransaction: running.id }, inside) : inside();
  }

  // Ordered by request (seq), then by arrival (id).
  #insert(entry: Entry) {
    const list = this.#waiting;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = list[mid];
      if (other.seq < entry.seq || (other.seq === entry.seq && other.id < entry.id)) low = mid + 1;
      else high = mid;
    }
    list.splice(low, 0, entry);
  }

  // The next entry starts on a fresh turn of the event loop, not in the finished one's promise
  // chain: PGlite runs synchronously, so a chain of entries handed on in microtasks would keep the
  // event loop from reading requests and writing answers until the whole queue was empty. By then the
  // finished entry's request has queued its next statement, and keeps its place in line.
  #schedule() {
    if (this.#running || this.#scheduled || this.#waiting.length === 0) return;
    this.#scheduled = true;
    nextTurn(() => {
      this.#scheduled = false;
      if (this.#running) return;
      const next = this.#waiting.shift();
      if (!next) return;
      this.#running = next;
      next.start();
    });
  }
}

type QueryOptions = Parameters<PGlite["query"]>[2];

/**
 * What drizzle's PGlite driver calls on its client (query, exec, transaction), through the queue.
 * Statements and transactions go to the backend in one call per statement (db/pglite-statements.ts,
 * decision 011); `exec` outside a transaction (several statements in one text: the migrations)
 * through PGlite's own. Everything else (listen, dumps, close) stays on the PGlite itself. A
 * statement or a whole transaction also holds PGlite's own lock (`runExclusive`), so that PGlite's
 * own statements (listen's LISTEN) never land inside it.
 */
export function queuedPglite(client: PGlite, queue = new FairQueue()) {
  const statements = new PgliteStatements(client);
  const alone = <T>(work: () => Promise<T>) => queue.run(() => client.runExclusive(work));
  return {
    queue,
    statements,
    query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
      return alone(() => statements.query<T>(query, params, options));
    },
    exec(query: string, options?: QueryOptions): Promise<Results[]> {
      // PGlite's own exec takes PGlite's lock itself. Its statements may change the schema.
      return queue.run(async () => {
        statements.forget();
        return client.exec(query, options);
      });
    },
    transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
      return alone(() => inTransaction(client, statements, (inside) => queue.holding(inside), callback));
    },
  };
}

/**
 * PGlite's `transaction`, its statements sent like the others. Runs while the caller holds
 * the connection and PGlite's lock; the transaction's statements need neither again. COMMIT and
 * ROLLBACK as PGlite sends them; PGlite's own syncToFs after COMMIT (a no-op on the Node and
 * memory file systems: durability is the backend's own writes, as before).
 */
async function inTransaction<T>(
  client: PGlite,
  statements: PgliteStatements,
  holding: <R>(inside: () => R) => R,
  callback: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const inside = { syncToFs: false };
  await statements.query("BEGIN", [], undefined, inside);
  let closed = false;
  const open = () => {
    if (closed) throw new Error("Transaction is closed");
  };
  const tx = {
    query<R>(query: string, params?: unknown[], options?: QueryOptions) {
      open();
      return statements.query<R>(query, params, options, inside);
    },
    sql<R>(strings: TemplateStringsArray, ...params: unknown[]) {
      open();
      const { query, params: values } = queryTemplate(strings, ...params);
      return statements.query<R>(query, values, undefined, inside);
    },
    exec(query: string, options?: QueryOptions) {
      open();
      return statements.exec(query, options);
    },
    async rollback() {
      open();
      await statements.query("ROLLBACK", [], undefined, inside);
      closed = true;
    },
    listen(): never {
      throw new Error("listen inside a transaction is not supported on the embedded database");
    },
    get closed() {
      return closed;
    },
  } as unknown as Transaction;
  try {
    const result = await holding(() => callback(tx));
    if (!closed) {
      closed = true;
      await statements.query("COMMIT", [], undefined, inside);
      await client.syncToFs();
    }
    return result;
  } catch (error) {
    if (!closed) {
      closed = true;
      await statements.query("ROLLBACK", [], undefined, inside);
    }
    throw error;
  }
}
