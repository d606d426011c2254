// Tables of star-level management (星级管理). Column conventions: see ../schema.ts.
// biome-ignore lint/complexity/noBannedTypes: filled in as the domain lands
export type StarsTables = {};
