import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { createUnit } from '@zhanqian/org';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { coverage, type StatusRow, statesAsOf, uncoveredIds } from './coverage.ts';
import { coverageSql, uncoveredEnterprises } from './coverage-sql.ts';
import { code } from './testing.ts';

/**
 * The set-based SQL against the pure reference on random registries: streets, stations, joint
 * branches and enterprises with random status histories, read now and as of random dates, for
 * the district and for one street.
 */
const DATES = ['2023-06-30', '2024-01-01', '2024-06-30', '2024-12-31', '2025-03-15', '2025-12-31'];

const status = fc.record({
  onDate: fc.constantFrom(...DATES),
  partyStatus: fc.constantFrom('own' as const, 'joint' as const, 'none' as const),
  instructor: fc.constantFrom(null, '王指导员'),
  station: fc.option(fc.nat(1), { nil: null }),
});
const enterprise = fc.record({
  street: fc.nat(2),
  history: fc.uniqueArray(status, { minLength: 1, maxLength: 4, selector: (s) => s.onDate }),
});

describeEachDialect('coverage: SQL against the pure reference', (t) => {
  it('agrees on random registries, now and as of any date, for the district and a street', async () => {
    const db = t.db;
    const root = await createUnit(db, {
      parentId: null,
      kind: 'district',
      name: '站前区',
      code: 'ZQ',
      portal: 'district',
    });
    const streets: { id: number; code: string; name: string }[] = [];
    for (const n of [1, 2, 3])
      streets.push(
        await createUnit(db, { parentId: root.id, kind: 'street', name: `街道${n}`, code: `S${n}` }),
      );
    // two stations per street
    const stationIds: number[][] = [];
    for (const s of streets) {
      const ids = [];
      for (const k of [1, 2])
        ids.push(
          (
            await db
              .insertInto('rs_station')
              .values({
                code: `${s.code}-ST${k}`,
                name: `${s.name}工作站${k}`,
                street_id: s.id,
                address: '',
                created_at: 'x',
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        );
      stationIds.push(ids);
    }
    const joint = (
      await db
        .insertInto('rs_joint_branch')
        .values({ name: '联合党支部', created_at: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    let serial = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.array(enterprise, { maxLength: 25 }),
        fc.constantFrom(...DATES, '2026-01-01'),
        async (ents, asOf) => {
          await sql`delete from rs_enterprise_status`.execute(db);
          await sql`delete from rs_enterprise`.execute(db);
          const refEnts: { id: number; streetId: number }[] = [];
          const history: StatusRow[] = [];
          for (const e of ents) {
            const street = streets[e.street]!;
            const rows = [...e.history].sort((a, b) => (a.onDate < b.onDate ? -1 : 1));
            const last = rows[rows.length - 1]!;
            const st = (x: number | null) => (x === null ? null : stationIds[e.street]![x]!);
            const row = await db
              .insertInto('rs_enterprise')
              .values({
                name: `企业${serial}`,
                credit_code: code(++serial),
                kind: 'enterprise',
                industry: '',
                size: 'small',
                address: '',
                street_id: street.id,
                trading_area: null,
                registered_on: rows[0]!.onDate,
                party_status: last.partyStatus,
                joint_branch_id: last.partyStatus === 'joint' ? joint : null,
                instructor_name: last.instructor,
                station_id: st(last.station),
                member_count: 0,
                created_at: 'x',
                updated_at: 'x',
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            refEnts.push({ id: row.id, streetId: street.id });
            for (const h of rows) {
              await db
                .insertInto('rs_enterprise_status')
                .values({
                  enterprise_id: row.id,
                  on_date: h.onDate,
                  party_status: h.partyStatus,
                  joint_branch_id: h.partyStatus === 'joint' ? joint : null,
                  instructor_name: h.instructor,
                  station_id: st(h.station),
                  note: '',
                  created_by: null,
                  created_at: 'x',
                })
                .execute();
              history.push({
                enterpriseId: row.id,
                onDate: h.onDate,
                partyStatus: h.partyStatus,
                instructorName: h.instructor,
                stationId: st(h.station),
              });
            }
          }
          const now = statesAsOf(refEnts, history, '9999-12-31');
          const then = statesAsOf(refEnts, history, asOf);
          const district = { rootId: root.id };
          expect(await coverageSql(db, district)).toEqual(coverage(now));
          expect(await coverageSql(db, district, asOf)).toEqual(coverage(then));
          const s1 = streets[0]!;
          expect(await coverageSql(db, { rootId: s1.id }, asOf)).toEqual(
            coverage(then.filter((e) => e.streetId === s1.id)),
          );
          const unc = await uncoveredEnterprises(db, district, {}, { page: 1, pageSize: 500 });
          expect(unc.rows.map((r) => r.id)).toEqual(uncoveredIds(now));
          expect(unc.total).toBe(uncoveredIds(now).length);
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});
