// Zapier's CommonJS entry point (zapierwrapper.js requires ./index.js): the app built into dist.
module.exports = require('./dist/index.js').default;
