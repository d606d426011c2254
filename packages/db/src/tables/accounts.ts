// Tables of first run and account activation. Column conventions: see ../schema.ts.
import type { ColumnType, Generated } from 'kysely';

/** The one-time code guarding the first-run page (keyed hash only; see migration 2026120303). */
export interface SetupCodeTable {
  id: Generated<number>;
  /** HMAC-SM3 of the code under the data key: a copy of the database does not yield it. */
  code_hash: string;
  /** Wrong guesses while this code was live: too many and it dies. */
  attempts: ColumnType<number, number | undefined, number>;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A one-time activation code of an account created in bulk from the roster. */
export interface AccountActivationTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  /** The role proposed by the system administrator, granted by the security administrator. */
  proposed_role: 'member' | 'branch_secretary';
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AccountsTables {
  setup_code: SetupCodeTable;
  account_activation: AccountActivationTable;
}
