#!/usr/bin/env bash
# End-to-end suite with real clients: the MCP Inspector CLI, opencode (mcp list, debug skill and a
# full agent loop driven by a scripted model), the official conformance suite under Node 24, and the
# whole unit and integration suite again under Node 24. Client tools are installed into .cache/e2e
# (pinned; not dependencies of the package).
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE=.cache/e2e
mkdir -p "$CACHE"
if [ ! -x "$CACHE/node_modules/.bin/opencode" ] || [ ! -x "$CACHE/node_modules/.bin/mcp-inspector" ] || [ ! -x "$CACHE/node_modules/.bin/node" ] || [ ! -d "$CACHE/node_modules/@modelcontextprotocol/conformance" ]; then
  echo '{"name":"postmortem-mcp-e2e-cache","private":true}' > "$CACHE/package.json"
  (cd "$CACHE" && npm install --no-fund --no-audit --no-save -E \
    @modelcontextprotocol/inspector@2.12.0 opencode-ai@1.18.33 node@24.21.0 @modelcontextprotocol/conformance@0.1.16)
fi
NODE24="$PWD/$CACHE/node_modules/.bin/node"
"$NODE24" --version

[ -f dist/cli.js ] || npm run build

echo "--- real clients (Inspector, opencode, conformance)"
npx vitest run --config test/e2e/vitest.config.ts

echo "--- unit and integration suite under Node 24"
PATH="$(dirname "$(readlink -f "$NODE24")"):$PATH" "$NODE24" node_modules/vitest/vitest.mjs run
