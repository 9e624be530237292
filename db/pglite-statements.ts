import { messages, parse, protocol, type PGlite, type Results } from "@electric-sql/pglite";

// PGlite's own `query` costs about 0.3 ms of CPU even for `select 1`: six calls into the
// WebAssembly backend per statement (Parse, Describe, Bind, Describe, Execute, Sync, each with its
// own promise and protocol parser round), and a copy of its table of 300-odd type parsers into a
// new object for every result. This sends the very same extended-protocol messages (the unnamed
// statement, parsed and planned by the backend each time, as PGlite does) in one call, and reads
// the rows with the parsers looked up once per column. The parameter types of a statement text
// (needed to serialise the values before Bind) are learnt once with a Describe and kept; any
// statement that may change the schema forgets them. See docs/decisions/011-pglite-statements.md.

type QueryOptions = NonNullable<Parameters<PGlite["query"]>[2]>;
type Parser = (value: string, typeId: number) => unknown;
type Serializer = (value: unknown) => string;

/** Statement texts whose parameter types are kept; past this the oldest is forgotten. */
const MAX_TEXTS = 2000;

// Command tags after which the schema is the same: the kept parameter types stay valid.
const DATA_COMMANDS = new Set(["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "BEGIN", "COMMIT", "ROLLBACK"]);

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
  readonly #paramTypes = new Map<string, number[]>();
  // One exchange with the backend at a time: PGlite keeps the answer being read in one place, so
  // two statements of one transaction started together (Promise.all on a `tx`) would read each
  // other's rows. PGlite's own query takes its lock for this; the transaction holds that lock here.
  #last: Promise<unknown> = Promise.resolve();

  constructor(client: PGlite) {
    this.#client = client;
  }

  /** The number of statement texts whose parameter types are kept (for tests). */
  get size() {
    return this.#paramTypes.size;
  }

  /** Forget every kept parameter type (after `exec`, which may change the schema). */
  forget() {
    this.#paramTypes.clear();
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
      const types = params.length > 0 ? await this.#typesOf(query, options) : [];
      const serializers = this.#client.serializers as Record<number, Serializer>;
      const own = options?.serializers as Record<number, Serializer> | undefined;
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const serialize = own?.[types[i]] ?? serializers[types[i]];
        return serialize ? serialize(param) : String(param);
      });
      const backend = await this.#client.execProtocolStream(
        concatMessages([
          protocol.serialize.parse({ text: query, types: options?.paramTypes }),
          protocol.serialize.bind({ values }),
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

  async #typesOf(query: string, options: QueryOptions | undefined): Promise<number[]> {
    const key = options?.paramTypes ? `${options.paramTypes.join(",")}\n${query}` : query;
    const known = this.#paramTypes.get(key);
    if (known) return known;
    const answer = await this.#client.execProtocolStream(
      concatMessages([
        protocol.serialize.parse({ text: query, types: options?.paramTypes }),
        protocol.serialize.describe({ type: "S" }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const description = answer.find((message) => message.name === "parameterDescription") as
      messages.ParameterDescriptionMessage | undefined;
    const types = description?.dataTypeIDs ?? [];
    if (this.#paramTypes.size >= MAX_TEXTS) this.#paramTypes.delete(this.#paramTypes.keys().next().value as string);
    this.#paramTypes.set(key, types);
    return types;
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
