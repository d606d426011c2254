// The member app's cadre pages in one lazy chunk: a phone fetches them once, and one chunk
// (rather than three) leaves the app's shared antd-mobile chunks, and so its first load, as they were.
export { default as CampaignPage } from './CampaignPage.tsx';
export { default as NominatePage } from './NominatePage.tsx';
export { default as PostsPage } from './PostsPage.tsx';
export { default as VotesPage } from './VotesPage.tsx';
