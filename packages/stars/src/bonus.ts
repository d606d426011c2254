import type { StarLevel } from '@zhanqian/db';

/**
 * The 1 July bonus (奖励) per level within a budget, in integer fen.
 *
 * Every certified entity of a level is owed that level's amount. When the budget covers the
 * total owed, everyone is paid in full. When it is short, every amount is scaled down by the
 * same factor budget/owed and rounded down to the fen:
 *   paid = floor(amount · budget / owed)
 * so no payee is favoured over another of the same level, the ratio between levels is kept,
 * and the sum can never exceed the budget. The fen left over by rounding (fewer than the
 * number of payees) stay unspent and are reported as `leftoverFen`.
 * Arithmetic is in BigInt, so no intermediate product loses precision.
 */
export interface BonusLine {
  level: StarLevel;
  payees: number;
  /** The configured amount per payee. */
  amountFen: number;
  /** What each payee of the level is paid (≤ amountFen). */
  paidEachFen: number;
  totalFen: number;
}

export interface BonusAllocation {
  lines: BonusLine[];
  owedFen: number;
  budgetFen: number;
  paidFen: number;
  leftoverFen: number;
  /** True when the budget was short and amounts were scaled down. */
  scaled: boolean;
}

const LEVELS: StarLevel[] = ['household', 'member', 'branch', 'committee'];

/**
 * @example allocateBonus({ household: 2, member: 1, branch: 0, committee: 0 }, { household: 100, member: 300, branch: 0, committee: 0 }, 400)
 * // owed 500 > 400: household paid 80 each, member 240: paidFen 400, scaled true
 */
export function allocateBonus(
  payees: Record<StarLevel, number>,
  amountFen: Record<StarLevel, number>,
  budgetFen: number,
): BonusAllocation {
  for (const l of LEVELS) {
    if (!Number.isSafeInteger(payees[l]) || payees[l] < 0) throw new RangeError(`payees.${l}`);
    if (!Number.isSafeInteger(amountFen[l]) || amountFen[l] < 0) throw new RangeError(`amountFen.${l}`);
  }
  if (!Number.isSafeInteger(budgetFen) || budgetFen < 0) throw new RangeError('budgetFen');
  const owed = LEVELS.reduce((s, l) => s + BigInt(payees[l]) * BigInt(amountFen[l]), 0n);
  const budget = BigInt(budgetFen);
  const scaled = owed > budget;
  const lines = LEVELS.map((level) => {
    const amount = BigInt(amountFen[level]);
    const each = scaled ? (amount * budget) / owed : amount;
    return {
      level,
      payees: payees[level],
      amountFen: amountFen[level],
      paidEachFen: Number(each),
      totalFen: Number(each * BigInt(payees[level])),
    };
  });
  const paid = lines.reduce((s, l) => s + l.totalFen, 0);
  return {
    lines,
    owedFen: Number(owed),
    budgetFen,
    paidFen: paid,
    leftoverFen: budgetFen - paid,
    scaled,
  };
}
