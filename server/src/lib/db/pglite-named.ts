import {
  messages as backend,
  parse,
  protocol,
  type PGlite,
  type QueryOptions,
  type Results,
  type Transaction,
} from '@electric-sql/pglite';

/** A query text is given a named statement once it has been seen this many times. */
const REPEATS = 3;
/** Named statements kept at once; the least recently used one is closed to make room. */
const MAX_NAMED = 100;
/** Texts counted before they repeat enough; the count starts again when there are more. */
const MAX_COUNTED = 1_000;

interface Named {
  name: string;
  types: number[];
}

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];
type Parser = (value: string, type: number) => unknown;

/** Commands whose completion tag counts the rows they changed (PGlite's `affectedRows`). */
const CHANGING = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

/**
 * PGlite's `query` sends every query as PostgreSQL's unnamed statement, so each call is parsed,
 * analysed and planned afresh, and the embedded database runs one query at a time for the whole
 * server. The server sends the same few texts over and over (the LRS page queries, the session
 * look-up, the course reads), so a text seen REPEATS times gets a named statement of its own, parsed
 * once, as a named query gets on PostgreSQL through node-postgres. Queries in a transaction stay
 * unnamed.
 *
 * Every query's answer is read here too, rather than by PGlite: it copies its whole table of value
 * parsers (one per type PostgreSQL knows, 362) into a new object for each query that brings parsers
 * of its own, as every query made through drizzle does, about 0.1 ms each time.
 */
export function withNamedStatements(client: PGlite): PGlite {
  const pgliteQuery = client.query.bind(client);
  const pgliteTransaction = client.transaction.bind(client);
  const counted = new Map<string, number>();
  const named = new Map<string, Named>();
  let next = 0;

  const send = (message: Uint8Array) => client.execProtocolStream(message, { syncToFs: false });

  /** Runs one query, the engine being held already: by name once the text has repeated enough. */
  const run = async (text: string, params: unknown[], options: QueryOptions | undefined, byName: boolean) => {
    const messages: BackendMessage[] = [];
    try {
      let statement = byName ? named.get(text) : undefined;
      if (statement) {
        named.delete(text); // most recently used last
      } else {
        if (byName && named.size >= MAX_NAMED) {
          const [oldest, old] = named.entries().next().value!;
          named.delete(oldest);
          await send(protocol.serialize.close({ type: 'S', name: old.name }));
        }
        const name = byName ? `atrium_pglite_${++next}` : '';
        messages.push(...(await send(protocol.serialize.parse({ name, text, types: options?.paramTypes }))));
        const types = parse.parseDescribeStatementResults(await send(protocol.serialize.describe({ type: 'S', name })));
        statement = { name, types };
      }
      if (byName) named.set(text, statement);
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const type = statement.types[i];
        const serializer = options?.serializers?.[type] ?? client.serializers[type];
        return serializer ? serializer(value) : String(value);
      });
      messages.push(
        ...(await send(protocol.serialize.bind({ statement: statement.name, values }))),
        ...(await send(protocol.serialize.describe({ type: 'P' }))),
        ...(await send(protocol.serialize.execute({}))),
      );
    } catch (err) {
      // As PGlite's own query does: the error says which query and values it came from.
      if (err instanceof backend.DatabaseError) Object.assign(err, { query: text, params, queryOptions: options });
      throw err;
    } finally {
      messages.push(...(await send(protocol.serialize.sync())));
    }
    return resultOf(messages, client.parsers, options?.parsers, options?.rowMode === 'array');
  };

  const repeated = (text: string) => {
    if (named.has(text)) return true;
    const seen = (counted.get(text) ?? 0) + 1;
    if (seen >= REPEATS) return counted.delete(text);
    if (counted.size >= MAX_COUNTED) counted.clear();
    counted.set(text, seen);
    return false;
  };

  client.query = (async <T>(text: string, params: unknown[] = [], options?: QueryOptions) => {
    if (options?.blob) return pgliteQuery<T>(text, params, options);
    const byName = repeated(text);
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        const result = await run(text, params, options, byName);
        await client.syncToFs();
        return result as Results<T>;
      }),
    );
  }) as PGlite['query'];

  // The transaction keeps PGlite's own object (its lock, commit and rollback); only its queries are
  // run here, unnamed, while it holds the engine.
  client.transaction = (<T>(callback: (tx: Transaction) => Promise<T>) =>
    pgliteTransaction((tx) => {
      const query = async <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
        if (tx.closed) throw new Error('Transaction is closed');
        if (options?.blob) return tx.query<R>(text, params, options);
        return client._runExclusiveQuery(async () => (await run(text, params, options, false)) as Results<R>);
      };
      return callback(Object.create(tx, { query: { value: query } }) as Transaction);
    })) as PGlite['transaction'];
  return client;
}

/**
 * The first result among the backend's messages, as PGlite's own reader gives it, looking each
 * value's parser up in the query's parsers first and then in the database's.
 */
function resultOf(
  messages: BackendMessage[],
  parsers: Record<number, Parser>,
  own: Record<number, Parser> | undefined,
  asArrays: boolean,
): Results {
  let fields: { name: string; dataTypeID: number }[] = [];
  const rows: unknown[] = [];
  for (const message of messages) {
    if (message instanceof backend.RowDescriptionMessage) {
      fields = message.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    } else if (message instanceof backend.DataRowMessage) {
      const values = message.fields.map((value: string | null, i) => {
        if (value === null) return null;
        const type = fields[i].dataTypeID;
        const parser = own?.[type] ?? parsers[type];
        return parser ? parser(value, type) : value;
      });
      rows.push(asArrays ? values : Object.fromEntries(fields.map((f, i) => [f.name, values[i]])));
    } else if (message instanceof backend.CommandCompleteMessage) {
      const words = message.text.split(' ');
      const command = words[0];
      const count = parseInt(words[words.length - 1], 10);
      return {
        rows,
        fields,
        command,
        affectedRows: CHANGING.has(command) ? count : 0,
        ...(Number.isNaN(count) ? {} : { rowCount: count }),
      } as Results;
    }
  }
  return { rows: [], fields: [], affectedRows: 0 };
}
