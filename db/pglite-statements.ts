import { messages, parse, protocol, type PGlite, type Results } from "@electric-sql/pglite";

// PGlite's own `query` costs about 0.3 ms of CPU even for `select 1`: six calls into the
// WebAssembly backend per statement (Parse, Describe, Bind, Describe, Execute, Sync, each with its
// own promise and protocol parser round), a copy of its table of 300-odd type parsers into a new
// object for every result, and the unnamed statement, parsed and planned afresh every time. Here
// each statement text is prepared once as a named statement (Parse and Describe: its parameter
// types, needed to serialise the values, are learnt then) and from then on runs with Bind,
// Describe, Execute and Sync in one call; the backend plans it once for all after its first five
// runs, as PostgreSQL does for a prepared statement (on NODEFS planning also asks the file system
// for every table's size). The rows are read with the parsers looked up once per column. Any
// statement that may change the schema forgets every prepared one. See
// docs/decisions/011-pglite-statements.md and 012.

type QueryOptions = NonNullable<Parameters<PGlite["query"]>[2]>;
type Parser = (value: string, typeId: number) => unknown;
type Serializer = (value: unknown) => string;

/** Statement texts kept prepared; past this the oldest is closed. */
const MAX_TEXTS = 2000;

/** Each PgliteStatements names its statements apart, should two ever share a backend. */
let instances = 0;

interface Prepared {
  name: string;
  /** The parameter types the backend inferred, to serialise the values for Bind. */
  types: number[];
}

// Command tags after which the schema is the same: the prepared statements stay valid.
const DATA_COMMANDS = new Set([
  "SELECT",
  "INSERT",
  "UPDATE",
  "DELETE",
  "MERGE",
  "BEGIN",
  "COMMIT",
  "ROLLBACK",
  "SAVEPOINT",
  "RELEASE",
  "LOCK TABLE",
  "NOTIFY",
]);

export function concatMessages(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** PGlite adds the statement and its parameters to a database error; so does this. */
function withQuery(error: unknown, query: string, params: unknown[], options: QueryOptions | undefined) {
  // A DatabaseError of the backend (it has a SQLSTATE), not a failure of this code.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === "string")
    Object.assign(error, { query, params, queryOptions: options });
  return error;
}

export class PgliteStatements {
  readonly #client: PGlite;
  readonly #prepared = new Map<string, Prepared>();
  readonly #prefix = `y${++instances}_`;
  #named = 0;
  /** Statements forgotten or pushed out, closed in the backend with the next exchange. */
  #closing: string[] = [];
  // One exchange with the backend at a time: PGlite keeps the answer being read in one place, so
  // two statements of one transaction started together (Promise.all on a `tx`) would read each
  // other's rows. PGlite's own query takes its lock for this; the transaction holds that lock here.
  #last: Promise<unknown> = Promise.resolve();

  constructor(client: PGlite) {
    this.#client = client;
  }

  /** The number of statement texts kept prepared (for tests). */
  get size() {
    return this.#prepared.size;
  }

  /** Forget every prepared statement (after `exec` or any command that may change the schema). */
  forget() {
    for (const { name } of this.#prepared.values()) this.#closing.push(name);
    this.#prepared.clear();
  }

  /** Close messages for the statements forgotten since the last exchange, to go before its own. */
  #closes(): Uint8Array[] {
    if (this.#closing.length === 0) return [];
    const closes = this.#closing.map((name) => protocol.serialize.close({ type: "S", name }));
    this.#closing = [];
    return closes;
  }

  /**
   * `PGlite.query`, the same messages in one call. The caller holds the connection: this must
   * not run while another statement or another transaction is open on it (db/pglite-queue.ts sees
   * to it). `syncToFs` as PGlite does it after a statement outside a transaction.
   */
  query<T>(
    query: string,
    params: unknown[] = [],
    options?: QueryOptions,
    how: { syncToFs?: boolean } = {},
  ): Promise<Results<T>> {
    const run = this.#last.then(() => this.#query<T>(query, params, options, how));
    this.#last = run.catch(() => {});
    return run;
  }

  /** `PGlite.exec` (a simple query: several statements, no parameters) inside a transaction. */
  exec(query: string, options?: QueryOptions): Promise<Results[]> {
    const run = this.#last.then(async () => {
      this.forget();
      const answer = await this.#client.execProtocolStream(
        concatMessages([protocol.serialize.query(query), protocol.serialize.sync()]),
        { syncToFs: false },
      );
      return parse.parseResults(answer, this.#client.parsers, options);
    });
    this.#last = run.catch(() => {});
    return run;
  }

  async #query<T>(
    query: string,
    params: unknown[],
    options: QueryOptions | undefined,
    { syncToFs = true }: { syncToFs?: boolean },
  ): Promise<Results<T>> {
    try {
      const { name, types } = await this.#prepare(query, options);
      const serializers = this.#client.serializers as Record<number, Serializer>;
      const own = options?.serializers as Record<number, Serializer> | undefined;
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const serialize = own?.[types[i]] ?? serializers[types[i]];
        return serialize ? serialize(param) : String(param);
      });
      const backend = await this.#client.execProtocolStream(
        concatMessages([
          ...this.#closes(),
          protocol.serialize.bind({ statement: name, values }),
          protocol.serialize.describe({ type: "P" }),
          protocol.serialize.execute({}),
          protocol.serialize.sync(),
        ]),
        { syncToFs: false },
      );
      if (syncToFs) await this.#client.syncToFs();
      return this.#results<T>(backend, options);
    } catch (error) {
      throw withQuery(error, query, params, options);
    }
  }

  async #prepare(query: string, options: QueryOptions | undefined): Promise<Prepared> {
    const key = options?.paramTypes ? `${options.paramTypes.join(",")}\n${query}` : query;
    const known = this.#prepared.get(key);
    if (known) return known;
    const name = `${this.#prefix}${++this.#named}`;
    const answer = await this.#client.execProtocolStream(
      concatMessages([
        ...this.#closes(),
        protocol.serialize.parse({ name, text: query, types: options?.paramTypes }),
        protocol.serialize.describe({ type: "S", name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const description = answer.find((message) => message.name === "parameterDescription") as
      messages.ParameterDescriptionMessage | undefined;
    const prepared = { name, types: description?.dataTypeIDs ?? [] };
    if (this.#prepared.size >= MAX_TEXTS) {
      const [oldestKey, oldest] = this.#prepared.entries().next().value as [string, Prepared];
      this.#prepared.delete(oldestKey);
      this.#closing.push(oldest.name);
    }
    this.#prepared.set(key, prepared);
    return prepared;
  }

  #results<T>(backend: messages.BackendMessage[], options: QueryOptions | undefined) {
    const parsers = this.#client.parsers as Record<number, Parser>;
    const own = options?.parsers as Record<number, Parser> | undefined;
    const asArray = options?.rowMode === "array";
    let fields: { name: string; dataTypeID: number }[] = [];
    let parse: (Parser | undefined)[] = [];
    const rows: unknown[] = [];
    let affectedRows = 0;
    let command: string | undefined;
    let rowCount: number | undefined;
    for (const message of backend) {
      if (message.name === "rowDescription") {
        fields = (message as messages.RowDescriptionMessage).fields.map((field) => ({
          name: field.name,
          dataTypeID: field.dataTypeID,
        }));
        parse = fields.map((field) => own?.[field.dataTypeID] ?? parsers[field.dataTypeID]);
      } else if (message.name === "dataRow") {
        const values = (message as messages.DataRowMessage).fields.map((value: string | null, i: number) =>
          value === null ? null : parse[i] ? parse[i](value, fields[i].dataTypeID) : value,
        );
        if (asArray) rows.push(values);
        else {
          const row: Record<string, unknown> = {};
          for (let i = 0; i < fields.length; i++) row[fields[i].name] = values[i];
          rows.push(row);
        }
      } else if (message.name === "commandComplete") {
        // As PGlite reads it: a tag that carries a row count ends in it ("SELECT 2", "INSERT 0 5").
        const parts = (message as messages.CommandCompleteMessage).text.split(" ");
        command = parts[0];
        const count = Number.parseInt(parts[parts.length - 1], 10);
        if (["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"].includes(command)) affectedRows += count;
        rowCount = Number.isNaN(count) ? undefined : count;
        if (!DATA_COMMANDS.has(command)) this.forget();
      }
    }
    const results = { rows: rows as T[], fields, command, affectedRows } as Results<T>;
    if (rowCount !== undefined) results.rowCount = rowCount;
    return results;
  }
}
