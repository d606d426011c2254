/** Codes the screens show translated (rs.status.*, rs.kind.*) and their antd tag colours. */
export type PartyStatus = 'own' | 'joint' | 'none';
export const PARTY_STATUSES: PartyStatus[] = ['own', 'joint', 'none'];
export const STATUS_TAG: Record<PartyStatus, string> = { own: 'red', joint: 'orange', none: 'default' };
export type EnterpriseKind = 'enterprise' | 'social_org' | 'shop';
export const KINDS: EnterpriseKind[] = ['enterprise', 'social_org', 'shop'];
