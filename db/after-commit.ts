import type { Db, Tx } from "@/db/connection";
import { logError } from "@/lib/log";

// Work that must wait until a transaction's changes are visible to other connections (waking the
// SMS drainer, issue 14): a hook given a transaction runs once its outermost transaction has
// committed, and not at all if it rolled back. Given the database itself (autocommit) it runs at
// once. A hook registered in a savepoint that rolled back still runs when the outer transaction
// commits: hooks must be harmless then (a wake that finds nothing to do).

type Hook = () => void;
const hooksOf = new WeakMap<object, Hook[]>();
// A transaction's last statement sent with its COMMIT (db/precompiled.ts's `.last`): when it
// fails, the COMMIT becomes a ROLLBACK although db.transaction resolves.
const lastOf = new WeakMap<Hook[], Promise<unknown>>();
const savepoints = new WeakSet<object>();

/** Runs `hook` after the commit of `scope`'s transaction, or now when `scope` is not in one. */
export function afterCommit(scope: Db | Tx, hook: Hook) {
  const hooks = hooksOf.get(scope);
  if (hooks) hooks.push(hook);
  else runHook(hook);
}

function runHook(hook: Hook) {
  try {
    hook();
  } catch (error) {
    // A hook never turns a committed change into an error.
    logError("after-commit hook failed", error);
  }
}

/**
 * `scope`'s transaction commits only if `answer` (its last statement, sent with the COMMIT)
 * succeeds: its hooks wait for it, and do not run when it failed.
 */
export function commitAwaits(scope: Db | Tx, answer: Promise<unknown>) {
  const hooks = hooksOf.get(scope);
  if (hooks) lastOf.set(hooks, answer);
}

/** Whether `scope` is a transaction nested in another (a savepoint, which no COMMIT ends). */
export function isSavepoint(scope: Db | Tx): boolean {
  return savepoints.has(scope);
}

type Opens = { transaction: (work: (tx: never) => Promise<unknown>, config?: unknown) => Promise<unknown> };

/**
 * Makes `db.transaction` (and every `tx.transaction` savepoint inside it) keep the hooks that
 * afterCommit registers, and run them after the outermost COMMIT. Applied once per database by
 * db/connection.ts.
 */
export function keepCommitHooks<T extends Db>(db: T): T {
  patch(db as unknown as Opens, null);
  return db;
}

function patch(scope: Opens, outer: Hook[] | null) {
  const open = scope.transaction.bind(scope);
  scope.transaction = async (work, config) => {
    const hooks = outer ?? [];
    const result = await open((tx: never) => {
      hooksOf.set(tx, hooks);
      if (outer) savepoints.add(tx);
      patch(tx as Opens, hooks);
      return work(tx);
    }, config);
    if (outer || hooks.length === 0) return result;
    const last = lastOf.get(hooks);
    if (
      last &&
      !(await last.then(
        () => true,
        () => false,
      ))
    )
      return result;
    for (const hook of hooks) runHook(hook);
    return result;
  };
}
