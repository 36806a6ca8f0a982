// Test support: how many statements an operation sends, counted in the emulator's own statement log (so no
// client-side shortcut can hide a round trip). Statements of other logins (an operator's setup) are not counted.

import type { EmulatorHandle } from "../../emulator";

export interface Counted<T> {
  result: T;
  /** every statement the provider sent during the operation, in order */
  sql: string[];
}

/** Runs `op` and returns the statements sent meanwhile by logins other than `exclude` (e.g. "ops"). */
export async function countStatements<T>(h: EmulatorHandle, op: () => Promise<T>, exclude: string[] = ["ops"]): Promise<Counted<T>> {
  const from = h.statements().length;
  const result = await op();
  const sql = h
    .statements()
    .slice(from)
    .filter((s) => !exclude.some((u) => s.user === u || s.user.startsWith(`${u}@`)))
    .map((s) => s.sql);
  return { result, sql };
}

/** Statements sent before the first one that matches `marker` (e.g. the CANCEL). */
export function before(sql: string[], marker: RegExp): string[] {
  const i = sql.findIndex((s) => marker.test(s));
  return i < 0 ? sql : sql.slice(0, i);
}
