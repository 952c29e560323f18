// Relay-style connections as Shopify serves them: first/last are required (at most 250) outside
// bulk operations, cursors are opaque base64 strings, and bulk operations read everything.
import { GraphQLError } from "graphql";

export const MAX_PAGE = 250;

export type PageArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
};

export type Connection<T> = {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
};

export function encodeCursor(key: number | string): string {
  return Buffer.from(JSON.stringify({ last_id: key, last_value: String(key) })).toString("base64");
}

function decodeCursor(cursor: string): number | string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as {
      last_id?: number | string;
    };
    if (parsed.last_id !== undefined) return parsed.last_id;
  } catch {}
  throw new GraphQLError("Invalid cursor for current pagination sort.", {
    extensions: { code: "BAD_REQUEST" },
  });
}

export function paginate<T>(
  sorted: readonly T[],
  args: PageArgs,
  opts: { key: (item: T) => number | string; bulk: boolean },
): Connection<T> {
  const items = args.reverse ? [...sorted].reverse() : sorted;
  let start = 0;
  let end = items.length;
  if (!opts.bulk) {
    const { first, last } = args;
    if ((first === null || first === undefined) && (last === null || last === undefined)) {
      throw new GraphQLError("you must provide one of first or last", {
        extensions: { code: "BAD_REQUEST" },
      });
    }
    for (const [name, n] of [
      ["first", first],
      ["last", last],
    ] as const) {
      if (n !== null && n !== undefined && (n < 0 || n > MAX_PAGE)) {
        throw new GraphQLError(`The ${name} argument must be between 0 and ${MAX_PAGE}.`, {
          extensions: { code: "BAD_REQUEST", argumentName: name },
        });
      }
    }
    if (args.after) {
      const k = decodeCursor(args.after);
      const i = items.findIndex((it) => opts.key(it) === k);
      if (i < 0) start = items.length;
      else start = i + 1;
    }
    if (args.before) {
      const k = decodeCursor(args.before);
      const i = items.findIndex((it) => opts.key(it) === k);
      if (i >= 0) end = i;
    }
    if (first !== null && first !== undefined) end = Math.min(end, start + first);
    if (last !== null && last !== undefined) start = Math.max(start, end - last);
  }
  const page = items.slice(start, end);
  const edges = page.map((node) => ({ cursor: encodeCursor(opts.key(node)), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
