// Tables of talent, the special fund, subsidies and awards (人才). Column conventions: see ../schema.ts.
// biome-ignore lint/complexity/noBannedTypes: filled in as the domain lands
export type TalentTables = {};
