// Runs the app as Zapier would, against a sandbox of its own: the newest promo goes to stores 12 and 42.
// From packages/zapier, after `pnpm build`: node examples/send-promo.cjs
const zapier = require('zapier-platform-core');
const { startSandbox } = require('@musique/sandbox');
const App = require('../index.js');

(async () => {
  const sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const appTester = zapier.createAppTester(App);
  const bundle = { authData: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl } };
  const [newest] = await appTester(App.triggers.new_audio.operation.perform, bundle);
  const sent = await appTester(App.creates.send_audio.operation.perform, {
    ...bundle,
    inputData: { audio_id: newest.id, stores: ['12', '42'], priority: 'high' },
  });
  console.log(`"${newest.name}" ${sent.status} to ${sent.externalIds.join(' and ')}`);
  console.log('store_042 is playing:', (await sandbox.player('store_042')).nowPlaying?.name);
  await sandbox.stop();
})();
