/**
 * Attachments of subsidy applications (proof of degree, employment contract, house purchase):
 * files of the evidence store (`evidence_file`, uploaded through `/files`) linked to an
 * application. They change while the application awaits a decision (submitted, reviewed);
 * once approved, rejected or withdrawn the set is what the decision was made on.
 */
import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely, TalentAttachmentKind } from '@zhanqian/db';
import { isUniqueViolation } from './ledger.ts';
import { STATE_LABELS_ZH } from './rules.ts';
import { getApplication } from './subsidies.ts';

type Db = Kysely<Database>;

export const ATTACHMENT_KINDS: readonly TalentAttachmentKind[] = ['degree', 'contract', 'house', 'other'];
export const ATTACHMENT_KIND_LABELS: Record<TalentAttachmentKind, { 'zh-CN': string; en: string }> = {
  degree: { 'zh-CN': '学历学位证明', en: 'Proof of degree' },
  contract: { 'zh-CN': '劳动合同', en: 'Employment contract' },
  house: { 'zh-CN': '购房合同', en: 'House purchase contract' },
  other: { 'zh-CN': '其他材料', en: 'Other' },
};

/** How many files one application takes. */
export const MAX_ATTACHMENTS = 10;
/** Statuses in which an application's attachments may still change. */
const OPEN: readonly string[] = ['submitted', 'reviewed'];

export interface AttachmentRow {
  id: number;
  application_id: number;
  file_id: string;
  kind: TalentAttachmentKind;
  added_by: number | null;
  created_at: string;
  name: string;
  mime: string;
  size: number;
}

/** An application's attachments with each file's name, type and size, oldest first. */
export async function listAttachments(db: Db, applicationId: number): Promise<AttachmentRow[]> {
  return db
    .selectFrom('talent_attachment as a')
    .innerJoin('evidence_file as f', 'f.id', 'a.file_id')
    .select([
      'a.id',
      'a.application_id',
      'a.file_id',
      'a.kind',
      'a.added_by',
      'a.created_at',
      'f.name',
      'f.mime',
      'f.size',
    ])
    .where('a.application_id', '=', applicationId)
    .orderBy('a.id')
    .execute();
}

function assertOpen(status: string): void {
  if (!OPEN.includes(status))
    throw new DomainError('CONFLICT', 'talent.attachmentsClosed', {
      status,
      statusZh: STATE_LABELS_ZH[status] ?? status,
    });
}

/**
 * Attaches an uploaded file to an application. The file must exist and have been uploaded by
 * the same account (an id seen elsewhere cannot pull another person's file in); the
 * application must still await a decision; at most `MAX_ATTACHMENTS`, each file once.
 *
 * @example await attachFile(trx, { applicationId: 4, fileId: '0b6…', kind: 'degree', by: 12 })
 */
export async function attachFile(
  db: Db,
  input: { applicationId: number; fileId: string; kind: TalentAttachmentKind; by: number },
): Promise<AttachmentRow> {
  const app = await getApplication(db, input.applicationId);
  assertOpen(app.status);
  const file = await db
    .selectFrom('evidence_file')
    .select(['id', 'uploaded_by'])
    .where('id', '=', input.fileId)
    .executeTakeFirst();
  if (!file) throw new DomainError('NOT_FOUND', 'talent.fileNotFound', { id: input.fileId });
  if (file.uploaded_by !== input.by) throw new DomainError('FORBIDDEN', 'talent.fileNotYours');
  const count = await db
    .selectFrom('talent_attachment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('application_id', '=', app.id)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_ATTACHMENTS)
    throw new DomainError('BAD_INPUT', 'talent.tooManyAttachments', { max: MAX_ATTACHMENTS });
  let id: number;
  try {
    const row = await db
      .insertInto('talent_attachment')
      .values({
        application_id: app.id,
        file_id: input.fileId,
        kind: input.kind,
        added_by: input.by,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'talent.attachmentTaken');
    throw e;
  }
  return (await listAttachments(db, app.id)).find((a) => a.id === id)!;
}

export async function getAttachment(db: Db, id: number): Promise<AttachmentRow> {
  const row = await db
    .selectFrom('talent_attachment as a')
    .innerJoin('evidence_file as f', 'f.id', 'a.file_id')
    .select([
      'a.id',
      'a.application_id',
      'a.file_id',
      'a.kind',
      'a.added_by',
      'a.created_at',
      'f.name',
      'f.mime',
      'f.size',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'talent.attachmentNotFound', { id });
  return row;
}

/** Removes an attachment from an application still awaiting a decision (the stored file stays). */
export async function detachFile(db: Db, id: number): Promise<AttachmentRow> {
  const row = await getAttachment(db, id);
  const app = await getApplication(db, row.application_id);
  assertOpen(app.status);
  await db.deleteFrom('talent_attachment').where('id', '=', id).execute();
  return row;
}

/** Whether a stored file is attached to any subsidy application (then only the talent rules decide who reads it). */
export async function isTalentAttachment(db: Db, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom('talent_attachment')
    .select('id')
    .where('file_id', '=', fileId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Who asks for a file: enough of the principal to decide. */
export interface FileReader {
  userId: number;
  memberId: number | null;
  scopeRootId: number;
  /** Holds talent.read (staff within their subtree). */
  staff: boolean;
}

/**
 * Whether a caller may read a file of the evidence store as a talent attachment: staff when
 * the talent of an application it is attached to lies in their subtree; a talent when it is
 * attached to one of their own applications. (The uploader's own access is the route's.)
 */
export async function mayReadTalentFile(db: Db, who: FileReader, fileId: string): Promise<boolean> {
  let q = db
    .selectFrom('talent_attachment as a')
    .innerJoin('talent_subsidy_application as s', 's.id', 'a.application_id')
    .innerJoin('talent_person as p', 'p.id', 's.talent_id')
    .select('a.id')
    .where('a.file_id', '=', fileId);
  q = who.staff
    ? q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('org_closure as c')
            .select('c.descendant_id')
            .whereRef('c.descendant_id', '=', 'p.org_unit_id')
            .where('c.ancestor_id', '=', who.scopeRootId),
        ),
      )
    : q.where((eb) =>
        who.memberId === null
          ? eb('p.user_id', '=', who.userId)
          : eb.or([eb('p.user_id', '=', who.userId), eb('p.member_id', '=', who.memberId)]),
      );
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}
