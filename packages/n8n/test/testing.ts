// `n8n-nodes-musique/testing`: the harness other packages' tests drive the nodes with (the end-to-end suite).
// Workspace-only: the published package.json drops this entry (.pnpmfile.mjs), and test/ never ships.
export { prepareBinaryData } from './harness/n8n-context';
export { locator, runMusique } from './support';
