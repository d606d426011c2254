import { PII_CONTEXT } from '@zhanqian/auth';
import { blindIndex, decryptField, encryptField, nowIso } from '@zhanqian/core';
import { transferMember } from '@zhanqian/org';
import { parseIdCard } from './idcard.ts';
import { lostDigits } from './read.ts';
import type { KindSpec, MappedRow } from './run.ts';
import { branchFinder } from './scope.ts';
import { parseCategory, parseDate, parseGender, parsePhone, parseText } from './values.ts';

/** The home address is encrypted like the other identifiers (PIPL), under its own context. */
export const HOME_ADDRESS_CONTEXT = 'member.home_address';

interface MemberRecord {
  row: MappedRow;
  name: string;
  gender: 'M' | 'F';
  idCard: string;
  hash: string;
  ethnicity: string | null;
  birthDate: string;
  education: string | null;
  joinedAt: string;
  confirmedAt: string | null;
  category: 'full' | 'probationary';
  branchId: number;
  phone: string | null;
  workPost: string | null;
  homeAddress: string | null;
}

const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

/**
 * Members, with the columns of the national Party member information system's roster. The
 * identity number is checked (GB 11643 check character, and against the birth date and sex
 * beside it), stored SM4-encrypted with its keyed hash, and matched on re-import by that hash:
 * a known member is updated (a new branch is a transfer, with history), never duplicated.
 */
export const membersSpec: KindSpec = {
  kind: 'members',
  sheetName: '党员',
  columns: [
    { key: 'name', header: '姓名', required: true, width: 10 },
    { key: 'gender', header: '性别', required: true, width: 6 },
    { key: 'idCard', header: '公民身份号码', aliases: ['身份证号', '身份证号码'], required: true, width: 22 },
    { key: 'ethnicity', header: '民族', width: 8 },
    { key: 'birthDate', header: '出生日期', width: 12 },
    { key: 'education', header: '学历', width: 10 },
    { key: 'joinedAt', header: '入党日期', aliases: ['加入党组织日期'], required: true, width: 12 },
    { key: 'confirmedAt', header: '转正日期', width: 12 },
    { key: 'category', header: '人员类别', aliases: ['党员类别'], required: true, width: 10 },
    { key: 'branch', header: '所在党支部', aliases: ['所在党组织', '党支部'], required: true, width: 24 },
    { key: 'phone', header: '联系电话', aliases: ['手机号码'], width: 14 },
    { key: 'workPost', header: '工作单位及职务', width: 24 },
    { key: 'homeAddress', header: '家庭住址', width: 30 },
  ],
  async open(ctx) {
    const branches = await branchFinder(ctx.db, ctx.scopeRootId);
    const seen = new Set<string>();

    const readRow = (row: MappedRow): MemberRecord | null => {
      const err = (col: string, code: string, params?: Record<string, string | number>) =>
        ctx.error(row, col, code, params);
      const name = parseText(row.get('name'), 50);
      if (name === null) err('name', 'required');
      else if (name === undefined) err('name', 'tooLong', { max: 50 });
      const gender = parseGender(row.get('gender'));
      if (gender === null) err('gender', 'required');
      else if (gender === undefined) err('gender', 'badGender');
      const birthStated = parseDate(row.get('birthDate'));
      if (birthStated === undefined) err('birthDate', 'badDate');
      const rawId = row.get('idCard');
      const idText = parseText(rawId, 30);
      let idFacts: { id: string; birthDate: string; gender: 'M' | 'F' } | null = null;
      if (lostDigits(rawId)) err('idCard', 'idAsNumber');
      else if (!idText) err('idCard', 'required');
      else {
        const parsed = parseIdCard(idText, ctx.today);
        if (!parsed.ok) err('idCard', `id.${parsed.problem}`);
        else {
          idFacts = parsed.facts;
          if (birthStated && birthStated !== idFacts.birthDate)
            err('idCard', 'id.birthMismatch', { stated: birthStated, encoded: idFacts.birthDate });
          if (gender && gender !== idFacts.gender) err('idCard', 'id.sexMismatch');
          if (seen.has(idFacts.id))
            err('idCard', 'duplicateKey', { value: `${idFacts.id.slice(0, 3)}…${idFacts.id.slice(-4)}` });
          seen.add(idFacts.id);
        }
      }
      const birthDate = birthStated ?? idFacts?.birthDate ?? null;
      const ethnicity = parseText(row.get('ethnicity'), 20);
      if (ethnicity === undefined) err('ethnicity', 'tooLong', { max: 20 });
      const education = parseText(row.get('education'), 20);
      if (education === undefined) err('education', 'tooLong', { max: 20 });
      const joinedAt = parseDate(row.get('joinedAt'));
      if (joinedAt === null) err('joinedAt', 'required');
      else if (joinedAt === undefined) err('joinedAt', 'badDate');
      else if (joinedAt > ctx.today) err('joinedAt', 'futureDate', { date: joinedAt });
      // The Party constitution admits from the age of eighteen.
      else if (birthDate && joinedAt < addYears(birthDate, 18))
        err('joinedAt', 'tooYoung', { date: joinedAt });
      const category = parseCategory(row.get('category'));
      if (category === null) err('category', 'required');
      else if (category === undefined) err('category', 'badCategory');
      const confirmedAt = parseDate(row.get('confirmedAt'));
      if (confirmedAt === undefined) err('confirmedAt', 'badDate');
      else if (confirmedAt && category === 'probationary') err('confirmedAt', 'probationaryConfirmed');
      else if (confirmedAt && joinedAt && confirmedAt < joinedAt) err('confirmedAt', 'confirmedBeforeJoined');
      else if (confirmedAt && confirmedAt > ctx.today)
        err('confirmedAt', 'futureDate', { date: confirmedAt });
      const branchText = parseText(row.get('branch'), 100);
      let branchId: number | null = null;
      if (!branchText) err('branch', 'required');
      else {
        const b = branches.find(branchText);
        if (b === 'none') err('branch', 'branchNotFound', { value: branchText });
        else if (b === 'ambiguous') err('branch', 'branchAmbiguous', { value: branchText });
        else branchId = b.id;
      }
      const phone = parsePhone(row.get('phone'));
      if (phone === undefined) err('phone', 'badPhone');
      const workPost = parseText(row.get('workPost'), 200);
      if (workPost === undefined) err('workPost', 'tooLong', { max: 200 });
      const homeAddress = parseText(row.get('homeAddress'), 200);
      if (homeAddress === undefined) err('homeAddress', 'tooLong', { max: 200 });
      if (ctx.rejected(row) || !idFacts || branchId === null) return null;
      return {
        row,
        name: name!,
        gender: gender!,
        idCard: idFacts.id,
        hash: blindIndex(idFacts.id, PII_CONTEXT.idCard),
        ethnicity: ethnicity ?? null,
        birthDate: birthDate!,
        education: education ?? null,
        joinedAt: joinedAt!,
        confirmedAt: confirmedAt ?? null,
        category: category!,
        branchId,
        phone: phone ?? null,
        workPost: workPost ?? null,
        homeAddress: homeAddress ?? null,
      };
    };

    return {
      async chunk(rows) {
        const records = rows.map(readRow).filter((r): r is MemberRecord => r !== null);
        if (!records.length) return;
        const existing = await ctx.db
          .selectFrom('member')
          .selectAll()
          .where(
            'id_card_hash',
            'in',
            records.map((r) => r.hash),
          )
          .execute();
        const byHash = new Map(existing.map((m) => [m.id_card_hash!, m]));
        const now = nowIso();
        for (const r of records) {
          const m = byHash.get(r.hash);
          if (m && !branches.byId.has(m.branch_id)) {
            ctx.error(r.row, 'idCard', 'memberOutsideScope');
            continue;
          }
          if (m && m.status !== 'active') {
            ctx.error(r.row, 'idCard', 'memberLeft', { name: m.name });
            continue;
          }
          const fields = {
            name: r.name,
            gender: r.gender,
            birth_date: r.birthDate,
            joined_at: r.joinedAt,
            ethnicity: r.ethnicity,
            education: r.education,
            work_post: r.workPost,
            category: r.category,
            confirmed_at: r.confirmedAt,
          };
          if (!m) {
            ctx.outcome(r.row, 'new');
            if (ctx.apply)
              await ctx.db
                .insertInto('member')
                .values({
                  ...fields,
                  branch_id: r.branchId,
                  id_card_enc: encryptField(r.idCard, PII_CONTEXT.idCard),
                  id_card_hash: r.hash,
                  phone_enc: r.phone ? encryptField(r.phone, PII_CONTEXT.phone) : null,
                  home_address_enc: r.homeAddress ? encryptField(r.homeAddress, HOME_ADDRESS_CONTEXT) : null,
                  created_at: now,
                })
                .execute();
            continue;
          }
          // Ciphertexts are randomized: compare the clear values, rewrite only what differs.
          const phoneNow = m.phone_enc ? decryptField(m.phone_enc, PII_CONTEXT.phone) : null;
          const addressNow = m.home_address_enc
            ? decryptField(m.home_address_enc, HOME_ADDRESS_CONTEXT)
            : null;
          const diff: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(fields))
            if ((m as Record<string, unknown>)[k] !== v) diff[k] = v;
          if (phoneNow !== r.phone)
            diff.phone_enc = r.phone ? encryptField(r.phone, PII_CONTEXT.phone) : null;
          if (addressNow !== r.homeAddress)
            diff.home_address_enc = r.homeAddress ? encryptField(r.homeAddress, HOME_ADDRESS_CONTEXT) : null;
          const moved = m.branch_id !== r.branchId;
          if (!moved && Object.keys(diff).length === 0) {
            ctx.outcome(r.row, 'unchanged');
            continue;
          }
          ctx.outcome(r.row, 'changed');
          if (!ctx.apply) continue;
          if (Object.keys(diff).length)
            await ctx.db.updateTable('member').set(diff).where('id', '=', m.id).execute();
          if (moved) await transferMember(ctx.db, m.id, r.branchId, ctx.today, ctx.actorId, '名册导入');
        }
      },
      async finish() {},
    };
  },
};
