import type { ApiPaths, Me } from "./api/types.js";

type Method = "GET" | "POST" | "PUT" | "DELETE";
export type Operation = {
  [P in keyof ApiPaths]: `${Uppercase<Extract<keyof ApiPaths[P], string>> & Method} ${P & string}`;
}[keyof ApiPaths];

/**
 * Whether the signed-in key may call an operation, as `GET /v1/me` lists them: the console offers only
 * what the key's role may do (the hub checks every call regardless).
 */
export function can(me: Pick<Me, "operations"> | undefined, operation: Operation): boolean {
  if (!me) return false;
  const space = operation.indexOf(" ");
  const method = operation.slice(0, space);
  const path = operation.slice(space + 1);
  return me.operations.some((allowed) => allowed.method === method && allowed.path === path);
}
