// Test set-up shared by the talent package's DB tests (not exported from the package).
import type { Database, Kysely } from '@zhanqian/db';
import { createUnit } from '@zhanqian/org';
import { appendEntry, createFund } from '../ledger.ts';
import { addCatalogueField, createTalent, createTier } from '../registry.ts';

export const STAFF = { userId: null, name: '人才办经办人' };

/** A district with the talent office, two tiers, a 2024 catalogue, a fund with `budgetFen`, and three talents. */
export async function setupTalent(db: Kysely<Database>, budgetFen = 100_000_000) {
  const district = await createUnit(db, {
    parentId: null,
    kind: 'district',
    name: '站前区',
    code: 'ZQ',
    portal: 'district',
  });
  const rcb = await createUnit(db, {
    parentId: district.id,
    kind: 'department',
    name: '人才办',
    code: 'D-RCB',
    portal: 'talent',
  });
  const tierA = await createTier(db, {
    code: 'A',
    name: 'A类人才',
    rank: 1,
    settlingFen: 30_000_000,
    housingFen: 50_000_000,
  });
  const tierD = await createTier(db, {
    code: 'D',
    name: 'D类人才',
    rank: 4,
    settlingFen: 2_000_000,
    housingFen: 0,
  });
  await addCatalogueField(db, { year: 2024, fieldCode: 'IC', fieldName: '集成电路' });
  await addCatalogueField(db, { year: 2024, fieldCode: 'AI', fieldName: '人工智能' });
  const fund = await createFund(db, { name: '人才专项资金', orgUnitId: rcb.id });
  if (budgetFen > 0)
    await appendEntry(db, {
      fundId: fund.id,
      kind: 'budget',
      amountFen: budgetFen,
      entryDate: '2024-01-02',
      reason: '年度预算',
      approver: STAFF,
    });
  const person = (name: string, over: Partial<Parameters<typeof createTalent>[1]> = {}) =>
    createTalent(db, {
      name,
      gender: 'F',
      birthDate: '1988-05-01',
      fieldCode: 'IC',
      fieldName: '集成电路',
      employer: '营口某芯片公司',
      introducedOn: '2024-03-01',
      introducedVia: 'introduction',
      tierId: tierA.id,
      orgUnitId: rcb.id,
      ...over,
    });
  const alice = await person('李华');
  const bob = await person('王强', { introducedVia: 'public_selection', tierId: tierD.id });
  const local = await person('赵敏', { introducedVia: 'local', fieldCode: 'XX', fieldName: '其他' });
  return { district, rcb, tierA, tierD, fund, alice, bob, local };
}
