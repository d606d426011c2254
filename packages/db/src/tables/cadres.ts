// Tables of cadres, nominations, selections and rotation (干部). Column conventions: see ../schema.ts.
// biome-ignore lint/complexity/noBannedTypes: filled in as the domain lands
export type CadresTables = {};
