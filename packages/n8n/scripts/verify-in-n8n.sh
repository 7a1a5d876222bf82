#!/usr/bin/env bash
# Loads the built nodes into a real n8n (installed outside the repo, never a workspace dependency) through
# N8N_CUSTOM_EXTENSIONS and runs examples/upload-and-send.workflow.json against a local sandbox.
# Usage: pnpm --filter n8n-nodes-musique build && bash packages/n8n/scripts/verify-in-n8n.sh
set -euo pipefail

PACKAGE_DIR=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$PACKAGE_DIR/../.." && pwd)
N8N_DIR=${N8N_DIR:-/tmp/n8n-check}          # where n8n gets installed
WORK=/tmp/musique-n8n                        # the example workflow reads its MP3 from here; credential, logs
N8N_VERSION=${N8N_VERSION:-2.8.4}           # the newest n8n that runs on Node 20
PORT=${SANDBOX_PORT:-4010}

if [ ! -x "$N8N_DIR/node_modules/.bin/n8n" ]; then
  mkdir -p "$N8N_DIR"
  # n8n pins xlsx to a tarball outside the npm registry; the registry's last xlsx stands in for it.
  echo '{"name":"n8n-check","private":true,"overrides":{"xlsx":"0.18.5"}}' > "$N8N_DIR/package.json"
  (cd "$N8N_DIR" && npm install "n8n@$N8N_VERSION" --no-audit --no-fund --ignore-scripts)
  # sqlite3 is n8n's default database; build its addon from source (no prebuilt download needed).
  if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
  (cd "$N8N_DIR/node_modules/sqlite3" && npx --no-install node-gyp rebuild >/dev/null)
fi

mkdir -p "$WORK"
cp "$ROOT/shared/fixtures/promo-summer-sale.mp3" "$WORK/"
node "$ROOT/packages/sandbox/dist/cli.js" start --port "$PORT" --memory > "$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID' EXIT
for _ in $(seq 150); do grep -q 'API key' "$WORK/sandbox.log" && break; sleep 0.2; done
if ! grep -q 'API key' "$WORK/sandbox.log"; then echo "the sandbox did not start:" >&2; cat "$WORK/sandbox.log" >&2; exit 1; fi
KEY=$(grep -o 'msk_[a-z]*_[0-9a-f]*' "$WORK/sandbox.log" | head -1)
BASE="http://127.0.0.1:$PORT/api/v1/integration"

cat > "$WORK/credentials.json" <<JSON
[{"id":"musiqueSandboxCred","name":"Musique sandbox","type":"musiqueApi","data":{"apiKey":"$KEY","baseUrl":"$BASE"}}]
JSON

export N8N_USER_FOLDER="$WORK/n8n-home"
export N8N_CUSTOM_EXTENSIONS="$PACKAGE_DIR/dist"
export N8N_RESTRICT_FILE_ACCESS_TO="$WORK"
export N8N_DIAGNOSTICS_ENABLED=false
N8N="$N8N_DIR/node_modules/.bin/n8n"
"$N8N" import:credentials --input="$WORK/credentials.json" > "$WORK/import.log" 2>&1
"$N8N" import:workflow --input="$PACKAGE_DIR/examples/upload-and-send.workflow.json" >> "$WORK/import.log" 2>&1
"$N8N" execute --id=musiqueUploadAndSend > "$WORK/execute.log" 2>&1

grep -q '"status": "sent"' "$WORK/execute.log"
curl -fsS -H "X-API-Key: $KEY" "$BASE/sandbox/locations/store_042/player" | grep -q 'Summer Sale'
echo "n8n $N8N_VERSION loaded n8n-nodes-musique, uploaded the promo and store_042 received it (log: $WORK/execute.log)"
