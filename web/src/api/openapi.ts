// api/openapi.ts - the API's types as the server documents them, short to use. web/build
// generates ./schema.d.ts from web/openapi.json (openapi-typescript) whenever the
// document is newer; these name its parts:
//   type Pool = Schema<'Pool'>;                              components.schemas.Pool
//   type Pools = ListPage<Pool>;                             the list envelope of API.md
//   type NewPool = Body<'/api/clusters/{fsid}/pools', 'POST'>;    the JSON request body
//   type Status = Answer<'/api/clusters/{fsid}/status', 'GET'>;   the JSON of a 2xx answer
// Types only: nothing here exists at run time.
import type { Method } from './client';
import type { components, paths } from './schema';
import type { ListPage as HandListPage } from './types';

export type Schemas = components['schemas'];
export type SchemaName = keyof Schemas;
/** A schema of the document's components, by name. */
export type Schema<N extends SchemaName> = Schemas[N];

/** The document's schema N when it has one, else Else (for types it may not have yet). */
export type SchemaOr<N extends string, Else> = N extends SchemaName ? Schemas[N] : Else;

/** A page of a list (items, total, offset, limit), its items of type T. */
export type ListPage<T> = Omit<SchemaOr<'ListPage', HandListPage<T>>, 'items'> & { items: T[] };

export type Path = keyof paths;
/** The operation `method path`; never when the path has no such method. */
export type Operation<P extends Path, M extends Method> = NonNullable<paths[P][Lowercase<M>]>;

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type OkCode = 200 | 201 | 202 | 204 | '200' | '201' | '202' | '204' | '2XX';

/** The JSON request body of `method path` (never when it takes none). */
export type Body<P extends Path, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** The JSON of a successful answer to `method path` (never when the document says none). */
export type Answer<P extends Path, M extends Method> =
  Operation<P, M> extends { responses: infer R } ? JsonOf<R[Extract<keyof R, OkCode>]> : never;
