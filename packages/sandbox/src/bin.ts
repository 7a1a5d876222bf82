import { runCli } from './cli.js';

runCli(process.argv.slice(2)).then(
  (sandbox) => {
    if (!sandbox) return;
    const stop = () => {
      sandbox.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: Error & { code?: string }) => {
    const message =
      error.code === 'EADDRINUSE'
        ? `${error.message}. Another program uses that port: pass --port with a free one (or --port 0).`
        : error.message;
    console.error(`musique-sandbox: ${message}`);
    process.exit(1);
  },
);
