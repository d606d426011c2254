// Tables of the thousand-point appraisal (千分制). Column conventions: see ../schema.ts.
// biome-ignore lint/complexity/noBannedTypes: filled in as the domain lands
export type ScoringTables = {};
