// @zhanqian/cadres: the domain's pure rules and its queries. Filled in by its issue.
export {};
