// Types of bulk operation output lines, derived from a query's generated response type. A bulk
// operation writes every node of every connection as its own JSONL line: the node's own fields
// inline (objects and lists included), nested connections cut out (their nodes get lines of their
// own), and `__parentId` on the lines of nested connections.

/** The node type of a connection selected as `edges { node }` or `nodes`. */
export type ConnectionNode<C> =
  NonNullable<C> extends { edges: readonly { node: infer N }[] }
    ? N
    : NonNullable<C> extends { nodes: readonly (infer N)[] }
      ? N
      : never;

type IsConnection<T> =
  NonNullable<T> extends { edges: unknown } | { nodes: unknown } ? true : false;

type Inline<T> = T extends readonly (infer U)[]
  ? Inline<U>[]
  : T extends object
    ? { [K in keyof T as IsConnection<T[K]> extends true ? never : K]: Inline<T[K]> }
    : T;

/** One line of a bulk result for a node of type T; children carry their parent's id. */
export type BulkLine<T, Child extends boolean = false> = Inline<T> &
  (Child extends true ? { __parentId: string } : unknown);
