// `@musique/zapier/testing`: the app and Zapier's app tester, for the end-to-end suite's zaps.
export { App, appTester, SandboxApp, sandboxAppTester } from './helpers';
