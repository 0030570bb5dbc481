#!/usr/bin/env bash
# Optional smoke build and run of container/Dockerfile with podman (design/deploy.md §1.3).
#
# Builds the image offline against a locally made stand-in for the Node base image (debootstrap
# minbase + the host's node and npm), then runs it the way k8s/ does: read-only root, all
# capabilities dropped, no new privileges, uid 1000, no network, MCP_HTTP_TOKEN set. It checks
# /healthz, that /mcp refuses a request without the token, tools/list over Streamable HTTP, the uid,
# the read-only root, and a clean exit on SIGTERM.
#
# Skips (exit 0, message on stderr) when podman, runc or debootstrap is missing or when not root.
# Never pulls: a missing base image is built locally, not fetched.
#   apt-get install -y --no-install-recommends podman runc debootstrap uidmap
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), PODMAN_SMOKE_CACHE (stand-in
# rootfs cache, default /var/cache/postmortem-mcp-smoke), SMOKE_CA_BUNDLE (CA bundle for npm inside
# RUN when TLS is intercepted; default /etc/ssl/certs/ca-certificates.crt), REMOVE_IMAGE=1 (drop
# localhost/postmortem-mcp:smoke afterwards; kept by default so a rerun reuses the layer cache),
# SMOKE_IMAGE=<image> (skip the build and run these checks against an image that already exists).
set -euo pipefail

IMAGE=${SMOKE_IMAGE:-localhost/postmortem-mcp:smoke}
NAME=postmortem-mcp-smoke-$$
say() { printf 'podman-smoke: %s\n' "$*" >&2; }
skip() { say "SKIP: $*"; exit 0; }
fail() { say "FAIL: $*"; exit 1; }

command -v podman >/dev/null || skip "podman is not installed (apt-get install -y --no-install-recommends podman runc debootstrap uidmap)"
command -v runc >/dev/null || skip "runc is not installed (crun fails on cgroup hybrid hosts, so runc is used)"
[ "$(id -u)" = 0 ] || skip "run as root (debootstrap and rootful podman)"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# crun: "cgroups in hybrid mode not supported"; runc works on such hosts.
PODMAN=(podman --runtime runc)

BASE=$(awk 'toupper($1)=="FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; exit } }' "$ROOT/container/Dockerfile")
[ -n "$BASE" ] || fail "no FROM in container/Dockerfile"
case "$BASE" in
  *.*/*) FQ_BASE=$BASE ;;
  */*) FQ_BASE=docker.io/$BASE ;;
  *) FQ_BASE=docker.io/library/$BASE ;;
esac

TMP=$(mktemp -d)
cleanup() {
  "${PODMAN[@]}" rm -f "$NAME" >/dev/null 2>&1 || true
  [ "${REMOVE_IMAGE:-0}" != 1 ] || "${PODMAN[@]}" rmi -f "$IMAGE" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ -n "${SMOKE_IMAGE:-}" ]; then
  podman image exists "$IMAGE" || fail "SMOKE_IMAGE $IMAGE does not exist locally"
  REMOVE_IMAGE=0
elif ! podman image exists "$FQ_BASE"; then
  command -v debootstrap >/dev/null || skip "debootstrap is not installed (needed for the stand-in base image)"
  { command -v node >/dev/null && command -v npm >/dev/null; } || skip "host node/npm are needed for the stand-in base image"
  CACHE=${PODMAN_SMOKE_CACHE:-/var/cache/postmortem-mcp-smoke}
  ROOTFS=$CACHE/rootfs
  if [ ! -x "$ROOTFS/bin/sh" ]; then
    say "creating a Debian bookworm minbase rootfs in $ROOTFS (about 30 s)"
    rm -rf "$ROOTFS"
    mkdir -p "$CACHE"
    debootstrap --variant=minbase bookworm "$ROOTFS" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$TMP/debootstrap.log" 2>&1 \
      || { tail -20 "$TMP/debootstrap.log" >&2; fail "debootstrap failed"; }
  fi
  # Lay node out where the official image has it. The node binary needs only libc, libstdc++, libgcc.
  NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  install -D -m 0755 "$(readlink -f "$(command -v node)")" "$ROOTFS/usr/local/bin/node"
  rm -rf "$ROOTFS/usr/local/lib/node_modules/npm"
  mkdir -p "$ROOTFS/usr/local/lib/node_modules"
  cp -a "$NPM_DIR" "$ROOTFS/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
  grep -q '^node:' "$ROOTFS/etc/group" || echo 'node:x:1000:' >>"$ROOTFS/etc/group"
  grep -q '^node:' "$ROOTFS/etc/passwd" || echo 'node:x:1000:1000::/home/node:/bin/sh' >>"$ROOTFS/etc/passwd"
  mkdir -p "$ROOTFS/home/node" && chown 1000:1000 "$ROOTFS/home/node"
  say "importing the stand-in as $FQ_BASE (host node $(node --version), not the pinned release)"
  tar -C "$ROOTFS" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' - "$FQ_BASE" >/dev/null
fi

if [ -z "${SMOKE_IMAGE:-}" ]; then
  BUILD=(--pull=never --network=host --format docker -f "$ROOT/container/Dockerfile" -t "$IMAGE")
  CA=${SMOKE_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
  if [ -f "$CA" ]; then
    # Mounted for RUN only, never copied into a layer: npm trusts an intercepting proxy's CA.
    printf 'cafile=%s\n' "$CA" >"$TMP/npmrc"
    BUILD+=(-v "$CA:$CA:ro" -v "$TMP/npmrc:/root/.npmrc:ro")
  fi
  say "building $IMAGE"
  START=$(date +%s)
  "${PODMAN[@]}" build "${BUILD[@]}" "$ROOT" >"$TMP/build.log" 2>&1 || { tail -40 "$TMP/build.log" >&2; fail "podman build failed"; }
  say "built in $(( $(date +%s) - START )) s"
fi

TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
printf 'MCP_HTTP_TOKEN=%s\n' "$TOKEN" >"$TMP/env" && chmod 600 "$TMP/env"
# --health-interval=disable: no systemd timer here; the image's HEALTHCHECK is run once below instead.
# The limits: without CAP_SYS_RESOURCE, runc cannot raise NOFILE/NPROC to the defaults.
"${PODMAN[@]}" run -d --name "$NAME" \
  --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 \
  --network=none --read-only --cap-drop=ALL --security-opt no-new-privileges --user 1000:1000 \
  --tmpfs /tmp:rw,size=64m --tmpfs /data:rw,size=64m,mode=1777 \
  --health-interval=disable \
  --env-file "$TMP/env" "$IMAGE" >/dev/null 2>"$TMP/run.err" || { cat "$TMP/run.err" >&2; fail "podman run failed"; }

in_container() { "${PODMAN[@]}" exec "$NAME" "$@"; }

ok=0
for _ in $(seq 1 30); do
  if in_container node -e "fetch('http://127.0.0.1:3000/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then ok=1; break; fi
  if [ "$("${PODMAN[@]}" inspect -f '{{.State.Running}}' "$NAME" 2>/dev/null)" != true ]; then break; fi
  sleep 1
done
if [ "$ok" != 1 ]; then "${PODMAN[@]}" logs "$NAME" 2>&1 | tail -30 >&2; fail "/healthz did not answer"; fi
say "/healthz answered"
"${PODMAN[@]}" healthcheck run "$NAME" >/dev/null 2>&1 || fail "the image's HEALTHCHECK command reports unhealthy"
say "the image's HEALTHCHECK passes"

[ "$(in_container id -u)" = 1000 ] || fail "the server does not run as uid 1000"
if in_container sh -c 'touch /app/probe' 2>/dev/null; then fail "the root filesystem is writable"; fi
say "runs as uid 1000 on a read-only root with all capabilities dropped"

cat >"$TMP/mcp-check.mjs" <<'JS'
const url = 'http://127.0.0.1:3000/mcp';
const base = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const auth = { authorization: `Bearer ${process.env.MCP_HTTP_TOKEN}` };
async function rpc(body, headers) {
  const res = await fetch(url, { method: 'POST', headers: { ...base, ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let message;
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const events = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).filter(Boolean);
    message = events.map((e) => JSON.parse(e)).find((m) => m.id === body.id);
  } else if (text) message = JSON.parse(text);
  return { status: res.status, message, session: res.headers.get('mcp-session-id') };
}
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'podman-smoke', version: '1.0.0' } } };
const anonymous = await rpc(initialize, {});
if (anonymous.status !== 401) throw new Error(`a request without the token got HTTP ${anonymous.status}, expected 401`);
const init = await rpc(initialize, auth);
if (init.status !== 200 || !init.message?.result) throw new Error(`initialize failed with HTTP ${init.status}`);
const headers = { ...auth, ...(init.session ? { 'mcp-session-id': init.session } : {}), 'mcp-protocol-version': init.message.result.protocolVersion };
await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
const list = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers);
const names = (list.message?.result?.tools ?? []).map((t) => t.name).sort();
const expected = ['draft_postmortem', 'five_whys', 'gather_timeline', 'lint_postmortem', 'save_to_bookstack'];
const missing = expected.filter((n) => !names.includes(n));
process.stdout.write(missing.length ? `listed [${names.join(' ')}], missing [${missing.join(' ')}]\n` : `${names.join(' ')}\n`);
process.exit(missing.length ? 1 : 0);
JS
"${PODMAN[@]}" cp "$TMP/mcp-check.mjs" "$NAME:/tmp/mcp-check.mjs" >/dev/null 2>&1 \
  || "${PODMAN[@]}" exec -i "$NAME" sh -c 'cat > /tmp/mcp-check.mjs' <"$TMP/mcp-check.mjs"
TOOLS=$(in_container node /tmp/mcp-check.mjs) || { "${PODMAN[@]}" logs "$NAME" 2>&1 | tail -20 >&2; fail "tools/list over HTTP failed: ${TOOLS:-no output}"; }
say "401 without the token; tools/list: $TOOLS"

START=$(date +%s)
"${PODMAN[@]}" stop -t 30 "$NAME" >/dev/null 2>"$TMP/stop.err" || { cat "$TMP/stop.err" >&2; fail "podman stop failed"; }
CODE=$("${PODMAN[@]}" inspect -f '{{.State.ExitCode}}' "$NAME")
say "stopped with SIGTERM in $(( $(date +%s) - START )) s, exit code $CODE"
[ "$CODE" = 0 ] || [ "$CODE" = 143 ] || fail "unexpected exit code $CODE after SIGTERM"
say "OK"
