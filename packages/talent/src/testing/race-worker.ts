// A worker thread for the SQLite race test: its own connection to the same database file,
// trying to commit from the fund as soon as every worker is released at once.
import { parentPort, workerData } from 'node:worker_threads';
import { isDomainError } from '@zhanqian/core';
import { createDb } from '@zhanqian/db';
import { appendEntry } from '../ledger.ts';
import { applyForSubsidy } from '../subsidies.ts';

const { op, talentId, path, fundId, attempts, amountFen, gate } = workerData as {
  op: 'commit' | 'apply';
  talentId: number;
  path: string;
  fundId: number;
  attempts: number;
  amountFen: number;
  gate: SharedArrayBuffer;
};
const db = createDb({ dialect: 'sqlite', path });
const flag = new Int32Array(gate);
Atomics.add(flag, 1, 1);
Atomics.wait(flag, 0, 0);
let ok = 0;
let refused = 0;
const errors: string[] = [];
for (let i = 0; i < attempts; i++) {
  try {
    if (op === 'apply') {
      await applyForSubsidy(db, {
        talentId,
        kind: 'settling',
        via: 'member_app',
        actor: { userId: null, name: 'w' },
      });
      ok++;
      continue;
    }
    await appendEntry(db, {
      fundId,
      kind: 'commitment',
      amountFen,
      reason: `race ${i}`,
      approver: { userId: null, name: 'w' },
    });
    ok++;
  } catch (e) {
    if (
      isDomainError(e) &&
      (e.messageKey === 'talent.insufficientFund' || e.messageKey === 'talent.alreadyApplied')
    )
      refused++;
    else errors.push(String(e));
  }
}
await db.destroy();
parentPort!.postMessage({ ok, refused, errors });
