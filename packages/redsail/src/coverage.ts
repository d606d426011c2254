import type { RsPartyStatus } from '@zhanqian/db';

/**
 * Organization and work coverage (组织覆盖 / 工作覆盖) of non-public enterprises: the pure
 * reference. The SQL path (coverage-sql.ts) computes the same figures set-based and is
 * checked against this one on random registries (property tests).
 *
 * - organization-covered: an own branch or a joint branch (party status 'own' | 'joint');
 * - work-covered: organization-covered, or a Party-building instructor assigned, or within
 *   an area work station's reach (a station set).
 * Rates are exact integer fractions; `percent1` shows one as a percentage with one decimal.
 */

/** The state of one enterprise that coverage reads (current, or as of a date). */
export interface CoverageState {
  id: number;
  streetId: number;
  stationId: number | null;
  partyStatus: RsPartyStatus;
  hasInstructor: boolean;
}

export interface CoverageCounts {
  total: number;
  orgCovered: number;
  workCovered: number;
}

export interface CoverageRow extends CoverageCounts {
  /** The street's or station's id. */
  id: number;
}

export interface CoverageReport {
  district: CoverageCounts;
  /** Per street (ascending id), only streets with enterprises. */
  streets: CoverageRow[];
  /** Per station (ascending id), only stations with enterprises in reach. */
  stations: CoverageRow[];
}

/** @example isOrgCovered({ partyStatus: 'joint', … }) // true */
export const isOrgCovered = (e: Pick<CoverageState, 'partyStatus'>): boolean => e.partyStatus !== 'none';

/** @example isWorkCovered({ partyStatus: 'none', hasInstructor: false, stationId: 3 }) // true */
export const isWorkCovered = (
  e: Pick<CoverageState, 'partyStatus' | 'hasInstructor' | 'stationId'>,
): boolean => isOrgCovered(e) || e.hasInstructor || e.stationId !== null;

const zero = (): CoverageCounts => ({ total: 0, orgCovered: 0, workCovered: 0 });

function add(c: CoverageCounts, e: CoverageState): void {
  c.total++;
  if (isOrgCovered(e)) c.orgCovered++;
  if (isWorkCovered(e)) c.workCovered++;
}

/** The counts kept for a key, created at zero on first use. */
function counter(m: Map<number, CoverageCounts>, key: number): CoverageCounts {
  let c = m.get(key);
  if (!c) {
    c = zero();
    m.set(key, c);
  }
  return c;
}

const rows = (m: Map<number, CoverageCounts>): CoverageRow[] =>
  [...m.entries()].sort((a, b) => a[0] - b[0]).map(([id, c]) => ({ id, ...c }));

/**
 * Coverage of a set of enterprises per street, per station and over all of them.
 *
 * @example coverage([{ id: 1, streetId: 10, stationId: null, partyStatus: 'own', hasInstructor: false }])
 *   // { district: { total: 1, orgCovered: 1, workCovered: 1 }, streets: [{ id: 10, … }], stations: [] }
 */
export function coverage(states: readonly CoverageState[]): CoverageReport {
  const district = zero();
  const streets = new Map<number, CoverageCounts>();
  const stations = new Map<number, CoverageCounts>();
  for (const e of states) {
    add(district, e);
    add(counter(streets, e.streetId), e);
    if (e.stationId !== null) add(counter(stations, e.stationId), e);
  }
  return { district, streets: rows(streets), stations: rows(stations) };
}

/** One dated status row of an enterprise (the history). */
export interface StatusRow {
  enterpriseId: number;
  onDate: string;
  partyStatus: RsPartyStatus;
  instructorName: string | null;
  stationId: number | null;
}

/**
 * Each enterprise's state as of a date: its newest status row on or before it. Enterprises
 * with no row by then did not exist yet and are left out.
 *
 * @example statesAsOf([{ id: 1, streetId: 10 }], [{ enterpriseId: 1, onDate: '2025-03-01', partyStatus: 'none', … }], '2024-12-31') // []
 */
export function statesAsOf(
  enterprises: readonly { id: number; streetId: number }[],
  history: readonly StatusRow[],
  date: string,
): CoverageState[] {
  const newest = new Map<number, StatusRow>();
  for (const h of history) {
    if (h.onDate > date) continue;
    const cur = newest.get(h.enterpriseId);
    if (!cur || h.onDate > cur.onDate) newest.set(h.enterpriseId, h);
  }
  const out: CoverageState[] = [];
  for (const e of enterprises) {
    const h = newest.get(e.id);
    if (!h) continue;
    out.push({
      id: e.id,
      streetId: e.streetId,
      stationId: h.stationId,
      partyStatus: h.partyStatus,
      hasInstructor: hasInstructor(h.instructorName),
    });
  }
  return out;
}

/** An instructor is assigned when the name is set and not blank. */
export const hasInstructor = (name: string | null | undefined): boolean => !!name && name.trim() !== '';

/** The ids of enterprises not organization-covered, ascending (the list still to cover). */
export const uncoveredIds = (states: readonly CoverageState[]): number[] =>
  states
    .filter((e) => !isOrgCovered(e))
    .map((e) => e.id)
    .sort((a, b) => a - b);

/**
 * A fraction as a percentage with one decimal, rounded half up in integers; null for 0/0.
 *
 * @example percent1(1, 3) // '33.3'
 * @example percent1(2, 3) // '66.7'
 * @example percent1(0, 0) // null
 */
export function percent1(part: number, whole: number): string | null {
  if (whole === 0) return null;
  const tenths = Math.floor((part * 2000 + whole) / (2 * whole));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
