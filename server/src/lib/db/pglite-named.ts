import { parse, protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';

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

/**
 * PGlite's `query` sends every query as PostgreSQL's unnamed statement, so each call is parsed,
 * analysed and planned afresh, and the embedded database runs one query at a time for the whole
 * server. The server sends the same few texts over and over (the LRS page queries, the session
 * look-up, the course reads), so a text seen REPEATS times gets a named statement of its own, parsed
 * once, as a named query gets on PostgreSQL through node-postgres. Queries in a transaction go through
 * PGlite's transaction object and stay unnamed.
 */
export function withNamedStatements(client: PGlite): PGlite {
  const unnamed = client.query.bind(client);
  const counted = new Map<string, number>();
  const named = new Map<string, Named>();
  let next = 0;

  const run = (text: string, params: unknown[], options: QueryOptions | undefined, known: Named | undefined) =>
    client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        const send = (message: Uint8Array) => client.execProtocolStream(message, { syncToFs: false });
        const messages: BackendMessage[] = [];
        let statement = known;
        try {
          if (statement) {
            named.delete(text); // most recently used last
          } else {
            if (named.size >= MAX_NAMED) {
              const [oldest, old] = named.entries().next().value!;
              named.delete(oldest);
              await send(protocol.serialize.close({ type: 'S', name: old.name }));
            }
            const name = `atrium_pglite_${++next}`;
            await send(protocol.serialize.parse({ name, text, types: options?.paramTypes }));
            const types = parse.parseDescribeStatementResults(
              await send(protocol.serialize.describe({ type: 'S', name })),
            );
            statement = { name, types };
          }
          named.set(text, statement);
          const values = params.map((value, i) => {
            if (value === null || value === undefined) return null;
            const type = statement!.types[i];
            const serializer = options?.serializers?.[type] ?? client.serializers[type];
            return serializer ? serializer(value) : String(value);
          });
          messages.push(
            ...(await send(protocol.serialize.bind({ statement: statement.name, values }))),
            ...(await send(protocol.serialize.describe({ type: 'P' }))),
            ...(await send(protocol.serialize.execute({}))),
          );
        } finally {
          messages.push(...(await send(protocol.serialize.sync())));
        }
        await client.syncToFs();
        return parse.parseResults(messages, client.parsers, options)[0];
      }),
    );

  const repeated = (text: string) => {
    const seen = (counted.get(text) ?? 0) + 1;
    if (seen >= REPEATS) return counted.delete(text);
    if (counted.size >= MAX_COUNTED) counted.clear();
    counted.set(text, seen);
    return false;
  };

  client.query = (async <T>(text: string, params: unknown[] = [], options?: QueryOptions) => {
    const known = named.get(text);
    if (options?.blob || (!known && !repeated(text))) return unnamed<T>(text, params, options);
    return (await run(text, params, options, known)) as Results<T>;
  }) as PGlite['query'];
  return client;
}
