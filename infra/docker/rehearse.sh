#!/usr/bin/env bash
# Rehearses infra/docker/Dockerfile on the host, without Docker. IT MIRRORS THE DOCKERFILE STEP BY STEP: every
# COPY, RUN, ENV, WORKDIR, USER, HEALTHCHECK, ENTRYPOINT and CMD of both stages has its counterpart below, marked
# `# Dockerfile: <instruction>`. Change the two together: the script refuses to run when the Dockerfile's
# instructions differ from the copy in DOCKERFILE_MIRROR below (update both, then that copy).
#
#   bash infra/docker/rehearse.sh            # from anywhere; rehearses the committed tree (git HEAD)
#
# What it does:
#   1. build stage: the build context is `git archive HEAD` minus what infra/docker/Dockerfile.dockerignore excludes;
#      a fresh /app (temp dir) receives the same COPYs in the same order; the RUNs run with the stage's ENV only
#      (env -i), a fresh HOME (so an empty npm cache, as in `docker build`) and the npm the base image ships.
#   2. runtime stage: a second, empty /app receives only what the runtime stage COPYs, owned by the image's `node`
#      uid/gid (1000) while /app itself stays root's, and the processes run as that uid with the runtime ENV
#      (/data -> a temp dir).
#   3. runs the image, each process as a container would: under the ENTRYPOINT (tini) as PID 1 of a new PID and UTS
#      namespace: (a) embedded (no DATABASE_URL/REDIS_URL), then again on the same /data, and (b) against the local
#      Postgres and Redis with a worker process; checks /health (the Dockerfile's HEALTHCHECK command), /ready,
#      creates a key with the bootstrap admin key, submits examples/eks-vpc-cni over REST, waits for its CAPACITY
#      run to succeed, and stops every process with SIGTERM within docker stop's grace period.
#
# Environment knobs:
#   REHEARSE_REF=HEAD          git revision to build (the build context is the committed tree, never the work tree;
#                              the Dockerfile and its .dockerignore are read from the work tree, as docker build does)
#   REHEARSE_NPM=image         `image`: npm IMAGE_NPM_VERSION (what node:20.20 ships; fetched once into the temp dir);
#                              `host`: the npm on PATH
#   REHEARSE_NPM_CACHE=        an npm cache dir to reuse (faster; default: an empty one, as in docker build)
#   REHEARSE_KEEP=1            keep the temp dir (build/ and runtime/ trees, logs) for inspection
#   PG_ADMIN_URL               default postgresql://postgres@127.0.0.1:5432/postgres (trust auth)
#   REDIS_URL_BASE             default redis://127.0.0.1:6379
# Needs: git, node 20.20 (the base image's), psql, redis-cli, curl, util-linux (unshare, setpriv), tini (installed
# with apt-get when missing, as the runtime stage does), root (for uid 1000 and the namespaces; else it runs as you).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DOCKERFILE="$REPO/infra/docker/Dockerfile"
DOCKERIGNORE="$REPO/infra/docker/Dockerfile.dockerignore"
REF="${REHEARSE_REF:-HEAD}"
IMAGE_NODE_MAJOR_MINOR="20.20"   # FROM node:20.20-bookworm-slim
IMAGE_NPM_VERSION="10.8.2"       # the npm bundled with Node 20.20.x (the base image does not upgrade it)
IMAGE_UID=1000                   # the base image's `node` user and group
IMAGE_GID=1000
PG_ADMIN_URL="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
REDIS_URL_BASE="${REDIS_URL_BASE:-redis://127.0.0.1:6379}"
ADMIN_KEY="rehearse-bootstrap-admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
HOST_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$(dirname "$(command -v node)")"

# The Dockerfile's instructions (comments dropped, continuation lines joined). Must equal the Dockerfile.
DOCKERFILE_MIRROR=$(cat <<'EOF'
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false CHECKPOINT_DISABLE=1 PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
COPY package.json package-lock.json ./
COPY scripts/postinstall.mjs scripts/postinstall.mjs
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p api worker --exclude-task-dependencies --output-style=static && npm prune --omit=dev --no-audit --no-fund --ignore-scripts
FROM node:20.20-bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 PODNET_MIGRATIONS_DIR=/app/prisma/migrations PODNET_DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/prisma/migrations ./prisma/migrations
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "dist/apps/api/main.js"]
EOF
)

# ---------------------------------------------------------------------------------------------------------------
# helpers
T0=$(date +%s)
say() { printf '[rehearse %4ss] %s\n' "$(($(date +%s) - T0))" "$*"; }
FAILED_STEP=""
fail() {
  echo "" >&2
  echo "REHEARSAL FAILED: $*" >&2
  FAILED_STEP="$*"
  exit 1
}
STEP_LOGS=()
step() { CURRENT_STEP="$*"; STEP_LOGS=(); say "== $*"; }
CURRENT_STEP="preflight"
declare -A TIMINGS=()
timed() { # timed NAME CMD...: runs CMD, records its wall time
  local name=$1 start rc=0
  shift
  start=$(date +%s.%N)
  "$@" || rc=$?
  TIMINGS[$name]=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
  return $rc
}
human() { numfmt --to=iec --suffix=B "$1"; }

WORK=""
PIDS=()
PIDNAMES=()
SCRATCH_DB=""
QUEUE_PREFIX=""
cleanup() {
  local rc=$?
  set +e
  if [ $rc -ne 0 ]; then
    [ -z "$FAILED_STEP" ] && echo "REHEARSAL FAILED during: $CURRENT_STEP (exit $rc)" >&2
    if [ -n "$WORK" ] && [ -d "$WORK/logs" ]; then
      for log in "${STEP_LOGS[@]}"; do
        log="$WORK/logs/$log.log"
        [ -s "$log" ] || continue
        echo "---- last lines of $(basename "$log") ----" >&2
        tail -n 40 "$log" >&2
      done
    fi
  fi
  for i in "${!PIDS[@]}"; do
    local pid=${PIDS[$i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && { echo "killing ${PIDNAMES[$i]} (pid $pid) with SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null; }
    fi
  done
  if [ -n "$SCRATCH_DB" ]; then
    psql -X -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$SCRATCH_DB\" WITH (FORCE)" >/dev/null 2>&1 ||
      echo "warning: could not drop scratch database $SCRATCH_DB" >&2
  fi
  if [ -n "$QUEUE_PREFIX" ]; then
    redis-cli -u "$REDIS_URL_BASE" --scan --pattern "$QUEUE_PREFIX:*" 2>/dev/null | xargs -r -n 200 redis-cli -u "$REDIS_URL_BASE" del >/dev/null 2>&1
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "${REHEARSE_KEEP:-}" = "1" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
  fi
  [ $rc -eq 0 ] || echo "rehearsal: FAILED (exit $rc)" >&2
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------
step "preflight"
for tool in git node psql redis-cli curl tar bc numfmt; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
node_version=$(node -p 'process.versions.node')
case "$node_version" in "$IMAGE_NODE_MAJOR_MINOR".*) ;; *) fail "node $node_version on the host, the image runs node $IMAGE_NODE_MAJOR_MINOR.x: results would not carry over" ;; esac
git -C "$REPO" rev-parse --verify -q "$REF^{commit}" >/dev/null || fail "git revision $REF not found in $REPO"

# The mirror must match the Dockerfile instruction for instruction.
actual=$(cat "$DOCKERFILE")
actual=$(printf '%s\n' "$actual" | sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' |
  awk '{ if (sub(/\\[[:space:]]*$/, "")) { buf = buf $0 } else { print buf $0; buf = "" } }' | sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/[[:space:]]*$//')
if ! diff <(printf '%s\n' "$DOCKERFILE_MIRROR") <(printf '%s\n' "$actual") >/dev/null; then
  diff <(printf '%s\n' "$DOCKERFILE_MIRROR") <(printf '%s\n' "$actual") >&2 || true
  fail "infra/docker/Dockerfile at $REF differs from the copy this script mirrors (above: < script, > Dockerfile). Update the steps below and DOCKERFILE_MIRROR together."
fi
if ! git -C "$REPO" diff --quiet "$REF" -- infra/docker/Dockerfile infra/docker/Dockerfile.dockerignore 2>/dev/null; then
  say "note: infra/docker/Dockerfile or its .dockerignore differ from $REF's; rehearsing the work tree's versions of those two (the rest of the context is $REF's)"
fi
pg_isready -q -d "$PG_ADMIN_URL" 2>/dev/null || psql -X -q "$PG_ADMIN_URL" -c 'select 1' >/dev/null 2>&1 || fail "Postgres not reachable at $PG_ADMIN_URL"
[ "$(redis-cli -u "$REDIS_URL_BASE" ping 2>/dev/null)" = "PONG" ] || fail "Redis not reachable at $REDIS_URL_BASE"
AS_IMAGE_USER=()
if [ "$(id -u)" = "0" ]; then
  command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to run as the image's node user"
  AS_IMAGE_USER=(setpriv --reuid="$IMAGE_UID" --regid="$IMAGE_GID" --clear-groups --)
else
  say "note: not root, so the runtime runs as $(id -un), not as the image's uid $IMAGE_UID (file-permission problems would not show)"
fi

WORK=$(mktemp -d /tmp/podnet-rehearse.XXXXXX)
chmod 755 "$WORK"
CTX="$WORK/context"            # the build context
BUILD="$WORK/build"            # /app of the build stage
RT="$WORK/runtime"             # /app of the runtime stage
DATA="$WORK/data"              # /data of the runtime stage
mkdir -p "$CTX" "$WORK/logs" "$WORK/home-build" "$WORK/home-node" "$WORK/bin"
say "work dir $WORK ($REF = $(git -C "$REPO" rev-parse --short "$REF"))"

# The build stage's npm: the base image's, unless REHEARSE_NPM=host.
if [ "${REHEARSE_NPM:-image}" = "image" ]; then
  step "fetching npm $IMAGE_NPM_VERSION (the npm in node:$IMAGE_NODE_MAJOR_MINOR-bookworm-slim)"
  STEP_LOGS=(npm-fetch)
  npm install --prefix "$WORK/npm" --no-audit --no-fund --no-save --loglevel=error "npm@$IMAGE_NPM_VERSION" >"$WORK/logs/npm-fetch.log" 2>&1 ||
    fail "could not install npm@$IMAGE_NPM_VERSION (see logs/npm-fetch.log); REHEARSE_NPM=host uses the host's npm instead"
  printf '#!/bin/sh\nexec node %s "$@"\n' "$WORK/npm/node_modules/npm/bin/npm-cli.js" >"$WORK/bin/npm"
  printf '#!/bin/sh\nexec node %s "$@"\n' "$WORK/npm/node_modules/npm/bin/npx-cli.js" >"$WORK/bin/npx"
  chmod +x "$WORK/bin/npm" "$WORK/bin/npx"
fi
BUILD_PATH="$WORK/bin:$HOST_PATH"
say "build-stage npm: $(PATH="$BUILD_PATH" npm --version)"

# ---------------------------------------------------------------------------------------------------------------
step "build context: git archive $REF minus Dockerfile.dockerignore"
git -C "$REPO" archive --format=tar "$REF" | tar -x -C "$CTX"
cp "$DOCKERIGNORE" "$WORK/dockerignore"
# Docker's rules: patterns relative to the context root, `*` and `?` within one path segment, `**` any number of
# segments, `!` re-includes, the last matching line wins, and an excluded directory excludes everything below it.
# dockerignore_filter excluded|included < paths: prints the paths the ignore file excludes (or keeps).
cat >"$WORK/dockerignore-filter.cjs" <<'JS'
const fs = require("node:fs");
const rules = fs.readFileSync(process.argv[2], "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
  .map((l) => {
    const neg = l.startsWith("!");
    const p = (neg ? l.slice(1) : l).trim().replace(/^\/+/, "").replace(/\/+$/, "");
    let re = "";
    for (let i = 0; i < p.length; i++) {
      const c = p[i];
      if (c === "*" && p[i + 1] === "*") { i++; if (p[i + 1] === "/") { i++; re += "(?:.*/)?"; } else re += ".*"; }
      else if (c === "*") re += "[^/]*";
      else if (c === "?") re += "[^/]";
      else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    return { neg, re: new RegExp("^" + re + "$") };
  });
const excluded = (path) => {
  const parts = path.replace(/\/+$/, "").split("/");
  let out = false;
  for (let n = 1; n <= parts.length; n++) {
    const prefix = parts.slice(0, n).join("/");
    for (const r of rules) if (r.re.test(prefix)) out = !r.neg;
    if (out && n < parts.length) return true;
  }
  return out;
};
const want = process.argv[3] === "excluded";
for (const f of fs.readFileSync(0, "utf8").split("\n").filter(Boolean)) if (excluded(f) === want) console.log(f);
JS
dockerignore_filter() { node "$WORK/dockerignore-filter.cjs" "$WORK/dockerignore" "$1"; }
excluded=$(cd "$CTX" && find . -mindepth 1 \( -type f -o -type l \) -printf '%P\n' | dockerignore_filter excluded)
if [ -n "$excluded" ]; then
  say "dockerignore drops $(printf '%s\n' "$excluded" | wc -l) committed file(s): $(printf '%s\n' "$excluded" | head -5 | tr '\n' ' ')"
  (cd "$CTX" && printf '%s\n' "$excluded" | tr '\n' '\0' | xargs -0 rm -f)
fi
say "context: $(cd "$CTX" && find . -type f | wc -l) files, $(human "$(du -sb "$CTX" | cut -f1)")"
# A real `docker build .` sends the work tree, not git's tree: whatever git ignores there must be dockerignored too.
leaks=$(git -C "$REPO" ls-files -o -i --exclude-standard --directory | dockerignore_filter included)
[ -z "$leaks" ] || fail "git-ignored paths in $REPO that Dockerfile.dockerignore would still send to docker build: $(printf '%s\n' "$leaks" | head -10 | tr '\n' ' ')"
untracked=$(git -C "$REPO" ls-files -o --exclude-standard | dockerignore_filter included)
[ -z "$untracked" ] || say "note: $(printf '%s\n' "$untracked" | wc -l) untracked file(s) in the work tree would go into a real docker build but are not rehearsed (e.g. $(printf '%s\n' "$untracked" | head -3 | tr '\n' ' '))"

# ---------------------------------------------------------------------------------------------------------------
# Build stage. Every RUN gets the stage's ENV and nothing from this shell (as in docker build, where HOME=/root).
build_env=(env -i "PATH=$BUILD_PATH" "HOME=$WORK/home-build" "USER=root"
  # Dockerfile: ENV NX_NO_CLOUD=true NX_DAEMON=false CHECKPOINT_DISABLE=1 PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
  NX_NO_CLOUD=true NX_DAEMON=false CHECKPOINT_DISABLE=1 PRISMA_SCHEMA_ENGINE_BINARY=/bin/false)
[ -n "${REHEARSE_NPM_CACHE:-}" ] && build_env+=("npm_config_cache=$REHEARSE_NPM_CACHE")
run_in_build() { (cd "$BUILD" && "${build_env[@]}" sh -c "$1"); }

step "build stage: COPY ... ; RUN npm install"
# Dockerfile: WORKDIR /app
mkdir -p "$BUILD"
# Dockerfile: COPY package.json package-lock.json ./
cp -p "$CTX/package.json" "$CTX/package-lock.json" "$BUILD/"
# Dockerfile: COPY scripts/postinstall.mjs scripts/postinstall.mjs
mkdir -p "$BUILD/scripts" && cp -p "$CTX/scripts/postinstall.mjs" "$BUILD/scripts/postinstall.mjs"
# Dockerfile: COPY prisma prisma
cp -a "$CTX/prisma" "$BUILD/prisma"
# Dockerfile: COPY prisma.config.ts ./
cp -p "$CTX/prisma.config.ts" "$BUILD/"
# Dockerfile: RUN npm install --no-audit --no-fund
STEP_LOGS=(build-npm-install)
timed install run_in_build 'npm install --no-audit --no-fund' >"$WORK/logs/build-npm-install.log" 2>&1 ||
  fail "build stage: npm install failed (logs/build-npm-install.log)"
say "npm install: ${TIMINGS[install]} s; $(grep -E '^added|^changed|^up to date' "$WORK/logs/build-npm-install.log" | tail -1)"

step "build stage: COPY . . ; RUN nx build && npm prune"
# Dockerfile: COPY . .
cp -a "$CTX/." "$BUILD/"
# Dockerfile: RUN npx nx run-many -t build -p api worker --exclude-task-dependencies --output-style=static \
#              && npm prune --omit=dev --no-audit --no-fund --ignore-scripts
# (one RUN in the Dockerfile; two calls here only to time them separately, same commands, same order, stops at the first failure)
STEP_LOGS=(build-nx)
timed build run_in_build 'npx nx run-many -t build -p api worker --exclude-task-dependencies --output-style=static' >"$WORK/logs/build-nx.log" 2>&1 ||
  fail "build stage: nx build failed (logs/build-nx.log)"
say "nx build: ${TIMINGS[build]} s"
nm_before=$(du -sb "$BUILD/node_modules" | cut -f1)
STEP_LOGS=(build-npm-prune)
timed prune run_in_build 'npm prune --omit=dev --no-audit --no-fund --ignore-scripts' >"$WORK/logs/build-npm-prune.log" 2>&1 ||
  fail "build stage: npm prune failed (logs/build-npm-prune.log)"
say "npm prune: ${TIMINGS[prune]} s; node_modules $(human "$nm_before") -> $(human "$(du -sb "$BUILD/node_modules" | cut -f1)")"

# ---------------------------------------------------------------------------------------------------------------
step "runtime stage: only what it COPYs"
# Dockerfile: RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
# (the OS layer: the host's Debian package stands in for the image's)
if [ ! -x /usr/bin/tini ]; then
  [ "$(id -u)" = "0" ] || fail "/usr/bin/tini is missing: apt-get install -y tini (the image installs it)"
  say "installing tini on the host (apt-get), as the runtime stage does"
  STEP_LOGS=(apt-tini)
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tini; } >"$WORK/logs/apt-tini.log" 2>&1 ||
    fail "could not install tini (logs/apt-tini.log)"
fi
# Dockerfile: WORKDIR /app          (created by root: the node user cannot write to /app itself)
mkdir -p "$RT"
chmod 755 "$RT"
# Dockerfile: RUN mkdir -p /data && chown node:node /data
mkdir -p "$DATA"
[ ${#AS_IMAGE_USER[@]} -gt 0 ] && chown "$IMAGE_UID:$IMAGE_GID" "$DATA" "$WORK/home-node"
copy_from_build() { # copy_from_build SRC DEST: COPY --from=build --chown=node:node /app/SRC ./DEST
  mkdir -p "$(dirname "$RT/$2")"
  cp -a "$BUILD/$1" "$RT/$2" || fail "runtime stage: COPY --from=build /app/$1 failed (missing in the build stage?)"
  [ ${#AS_IMAGE_USER[@]} -gt 0 ] && chown -R "$IMAGE_UID:$IMAGE_GID" "$RT/$2"
  return 0
}
# Dockerfile: COPY --from=build --chown=node:node /app/package.json ./package.json
copy_from_build package.json package.json
# Dockerfile: COPY --from=build --chown=node:node /app/node_modules ./node_modules
copy_from_build node_modules node_modules
# Dockerfile: COPY --from=build --chown=node:node /app/dist ./dist
copy_from_build dist dist
# Dockerfile: COPY --from=build --chown=node:node /app/prisma/migrations ./prisma/migrations
copy_from_build prisma/migrations prisma/migrations
# (`prisma/` itself is created by root, like the parent dirs COPY creates)
SIZE_NM=$(du -sb "$RT/node_modules" | cut -f1)
SIZE_DIST=$(du -sb "$RT/dist" | cut -f1)
SIZE_ALL=$(du -sb "$RT" | cut -f1)
say "runtime /app: node_modules $(human "$SIZE_NM"), dist $(human "$SIZE_DIST"), total $(human "$SIZE_ALL")"
LARGEST=$(cd "$RT/node_modules" && du -sb -- [!@.]* @*/* 2>/dev/null | sort -rn | head -6 | while read -r b p; do printf '%s %s, ' "$p" "$(human "$b")"; done)
say "largest in node_modules: ${LARGEST%, }"

# Dockerfile: USER node  +  ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 PODNET_MIGRATIONS_DIR=/app/prisma/migrations PODNET_DATA_DIR=/data
# (PORT: a free port instead of 3000, as `docker run -e PORT=...` would; /app and /data are the temp dirs)
runtime_env() {
  printf '%s\n' "PATH=$HOST_PATH" "HOME=$WORK/home-node" NODE_ENV=production HOST=0.0.0.0 \
    "PODNET_MIGRATIONS_DIR=$RT/prisma/migrations" "PODNET_DATA_DIR=$DATA"
}
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# start NAME ENV... -- CMD...: starts a process from the runtime /app the way the container runs it: as the image
# user, with only the image ENV, as PID 1 of its own PID namespace (so SIGTERM reaches it as `docker stop` sends
# it: no default action for PID 1, only the app's own handlers) and with its own hostname (a new container).
# The command runs under the image's ENTRYPOINT (tini), which is that PID 1.
# Sets LAST_PID (PID 1 inside) and LAST_WRAPPER (the unshare process to wait for).
ENTRYPOINT=(/usr/bin/tini --) # Dockerfile: ENTRYPOINT ["/usr/bin/tini", "--"]
CONTAINER_N=0
start() {
  local name=$1 envs=() base=() wrapper pid=""
  shift
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  mapfile -t base < <(runtime_env)
  CONTAINER_N=$((CONTAINER_N + 1))
  if [ ${#AS_IMAGE_USER[@]} -gt 0 ]; then
    (cd "$RT" && exec unshare --pid --fork --kill-child --mount-proc --uts sh -c 'hostname "$0" && exec "$@"' "rehearse-$CONTAINER_N-$name" \
      "${AS_IMAGE_USER[@]}" env -i "${base[@]}" "${envs[@]}" "${ENTRYPOINT[@]}" "$@") >"$WORK/logs/$name.log" 2>&1 &
    wrapper=$!
    for _ in $(seq 1 50); do pid=$(ps -o pid= --ppid "$wrapper" | tr -d ' '); [ -n "$pid" ] && break; sleep 0.1; done
    [ -n "$pid" ] || fail "$name: could not start it in its own PID namespace (logs/$name.log)"
  else
    (cd "$RT" && exec env -i "${base[@]}" "${envs[@]}" "${ENTRYPOINT[@]}" "$@") >"$WORK/logs/$name.log" 2>&1 &
    wrapper=$!
    pid=$wrapper
  fi
  STEP_LOGS+=("$name")
  PIDS+=("$pid" "$wrapper")
  PIDNAMES+=("$name" "$name (wrapper)")
  LAST_PID=$pid
  LAST_WRAPPER=$wrapper
}
# stop PID WRAPPER NAME GRACE: SIGTERM like `docker stop`, which SIGKILLs after the grace period (10 s by default;
# docker-compose.yml gives the worker 30 s): the process must be gone by then.
stop() {
  local pid=$1 wrapper=$2 name=$3 grace=$4 rc=0
  kill -TERM "$pid" 2>/dev/null || fail "$name (pid $pid) is not running any more"
  for _ in $(seq 1 $((grace * 5))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && fail "$name still running $grace s after SIGTERM: docker stop would SIGKILL it"
  wait "$wrapper" || rc=$?
  # 0, or 143 when it re-raised SIGTERM after closing (Nest does); anything else is a failed shutdown.
  case $rc in 0 | 143) ;; *) fail "$name exited with $rc after SIGTERM (expected 0 or 143)" ;; esac
  say "$name stopped on SIGTERM (exit $rc)"
}
alive() { kill -0 "$1" 2>/dev/null || fail "$2 exited (logs/$2.log)"; }

# http METHOD URL [KEY] [BODYFILE] -> sets HTTP_CODE and HTTP_BODY
http() {
  local args=(-sS -m 30 -o "$WORK/body" -w '%{http_code}' -X "$1" "$2")
  [ -n "${3:-}" ] && args+=(-H "authorization: Bearer $3")
  [ -n "${4:-}" ] && args+=(-H 'content-type: application/json' --data-binary "@$4")
  HTTP_CODE=$(curl "${args[@]}" 2>"$WORK/curl.err") || HTTP_CODE="000 ($(cat "$WORK/curl.err"))"
  HTTP_BODY=$(cat "$WORK/body" 2>/dev/null || true)
}
expect_http() { # expect_http CODE WHAT METHOD URL [KEY] [BODYFILE]
  local want=$1 what=$2
  shift 2
  http "$@"
  [ "$HTTP_CODE" = "$want" ] || fail "$what: $1 $2 answered $HTTP_CODE, expected $want: ${HTTP_BODY:0:600}"
}
jget() { printf '%s' "$1" | node -e '
  const o = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const v = process.argv[1].split(".").filter(Boolean).reduce((a, k) => (a == null ? undefined : a[k]), o);
  process.stdout.write(v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));' "$2"; }
wait_for() { # wait_for SECONDS PID NAME CMD...: until CMD succeeds while the process lives
  local secs=$1 pid=$2 name=$3 deadline
  shift 3
  deadline=$(($(date +%s) + secs))
  until "$@" >/dev/null 2>&1; do
    alive "$pid" "$name"
    [ "$(date +%s)" -lt "$deadline" ] || fail "$name: not healthy within $secs s (logs/$name.log)"
    sleep 0.5
  done
}
# Dockerfile: HEALTHCHECK ... CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health')..." (run in the image's env)
healthcheck() {
  local port=$1
  mapfile -t base < <(runtime_env)
  (cd "$RT" && "${AS_IMAGE_USER[@]}" env -i "${base[@]}" "PORT=$port" \
    node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))")
}

# The design as test/e2e/support/designs.ts eksExample() builds it: design.yaml without `workloads`, then the manifests.
node -e '
  const { createRequire } = require("node:module");
  const req = createRequire(process.argv[1] + "/package.json");
  const { parse, stringify } = req("yaml");
  const fs = require("node:fs");
  const design = parse(fs.readFileSync(process.argv[2] + "/design.yaml", "utf8"));
  delete design.workloads;
  const content = `${stringify(design)}---\n${fs.readFileSync(process.argv[2] + "/workloads.yaml", "utf8")}`;
  fs.writeFileSync(process.argv[3], JSON.stringify({ content }));
' "$BUILD" "$CTX/examples/eks-vpc-cni" "$WORK/version.json" || fail "could not build the eks-vpc-cni design body"

# exercise NAME URL: key, design, version, CAPACITY run until SUCCEEDED. Sets RUN_ID, RUN_SECS, RUN_KEY.
exercise() {
  local name=$1 url=$2 key design version run status deadline started
  expect_http 200 "$name /health" GET "$url/health"
  # a key made with the bootstrap admin key; the design flow then uses that key
  printf '{"team":"rehearsal","scope":"WRITE"}' >"$WORK/key.json"
  expect_http 201 "$name: create a WRITE key with the bootstrap admin key" POST "$url/v1/keys" "$ADMIN_KEY" "$WORK/key.json"
  key=$(jget "$HTTP_BODY" key)
  [ -n "$key" ] || fail "$name: POST /v1/keys returned no key: $HTTP_BODY"
  RUN_KEY=$key
  printf '{"name":"rehearsal-%s"}' "$name" >"$WORK/design.json"
  expect_http 201 "$name: create the design" POST "$url/v1/designs" "$key" "$WORK/design.json"
  design=$(jget "$HTTP_BODY" id)
  expect_http 201 "$name: submit examples/eks-vpc-cni as a version" POST "$url/v1/designs/$design/versions" "$key" "$WORK/version.json"
  version=$(jget "$HTTP_BODY" id)
  printf '{"versionId":"%s","kind":"CAPACITY"}' "$version" >"$WORK/run.json"
  started=$(date +%s.%N)
  expect_http 201 "$name: start a CAPACITY run" POST "$url/v1/runs" "$key" "$WORK/run.json"
  run=$(jget "$HTTP_BODY" id)
  [ -n "$run" ] || fail "$name: POST /v1/runs returned no id: $HTTP_BODY"
  deadline=$(($(date +%s) + 120))
  while :; do
    expect_http 200 "$name: read the run" GET "$url/v1/runs/$run" "$key"
    status=$(jget "$HTTP_BODY" status)
    case "$status" in
      SUCCEEDED) break ;;
      FAILED | CANCELLED) fail "$name: CAPACITY run $run ended $status: ${HTTP_BODY:0:800}" ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || fail "$name: CAPACITY run $run still $status after 120 s"
    sleep 0.5
  done
  [ "$(jget "$HTTP_BODY" result.kind)" = "CapacityReport" ] || fail "$name: run $run succeeded without a CapacityReport: ${HTTP_BODY:0:600}"
  RUN_ID=$run
  RUN_SECS=$(printf '%.1f' "$(echo "$(date +%s.%N) - $started" | bc)")
  say "$name: design $design, version $version, CAPACITY run $run SUCCEEDED in $RUN_SECS s"
}

# ---------------------------------------------------------------------------------------------------------------
step "run (a): embedded API (no DATABASE_URL, no REDIS_URL): PGlite under /data, in-process worker"
API_PORT=$(free_port)
t=$(date +%s.%N)
# Dockerfile: CMD ["node", "--enable-source-maps", "dist/apps/api/main.js"]
start api-embedded "PORT=$API_PORT" "PODNET_BOOTSTRAP_ADMIN_KEY=$ADMIN_KEY" -- node --enable-source-maps dist/apps/api/main.js
API_PID=$LAST_PID
API_WRAPPER=$LAST_WRAPPER
wait_for 120 "$API_PID" api-embedded healthcheck "$API_PORT"
TIMINGS[start_embedded]=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t" | bc)")
say "HEALTHCHECK passes after ${TIMINGS[start_embedded]} s"
URL="http://127.0.0.1:$API_PORT"
expect_http 200 "embedded /ready" GET "$URL/ready"
[ "$(jget "$HTTP_BODY" databaseKind)/$(jget "$HTTP_BODY" queueKind)" = "pglite/in-process" ] ||
  fail "embedded /ready: expected databaseKind pglite and queueKind in-process: $HTTP_BODY"
say "/ready: $HTTP_BODY"
exercise embedded "$URL"
[ -d "$DATA/pglite" ] || fail "embedded: no PGlite data under PODNET_DATA_DIR ($DATA/pglite)"
SUMMARY_EMBEDDED="run $RUN_ID SUCCEEDED in $RUN_SECS s (start to healthy ${TIMINGS[start_embedded]} s)"
stop "$API_PID" "$API_WRAPPER" api-embedded 10
# A new container on the same /data volume: the run is still there (the data dir was closed and unlocked cleanly).
API_PORT=$(free_port)
start api-embedded-restart "PORT=$API_PORT" "PODNET_BOOTSTRAP_ADMIN_KEY=$ADMIN_KEY" -- node --enable-source-maps dist/apps/api/main.js
API_PID=$LAST_PID
API_WRAPPER=$LAST_WRAPPER
wait_for 120 "$API_PID" api-embedded-restart healthcheck "$API_PORT"
expect_http 200 "embedded restart: read the run back" GET "http://127.0.0.1:$API_PORT/v1/runs/$RUN_ID" "$RUN_KEY"
[ "$(jget "$HTTP_BODY" status)" = "SUCCEEDED" ] || fail "embedded restart: run $RUN_ID is no longer SUCCEEDED: ${HTTP_BODY:0:600}"
say "restarted on the same /data: run $RUN_ID still SUCCEEDED"
stop "$API_PID" "$API_WRAPPER" api-embedded-restart 10

# ---------------------------------------------------------------------------------------------------------------
step "run (b): API + worker against Postgres and Redis"
SCRATCH_DB="podnet_rehearse_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
psql -X -q "$PG_ADMIN_URL" -c "CREATE DATABASE \"$SCRATCH_DB\"" >/dev/null || fail "could not create database $SCRATCH_DB"
DB_URL=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$PG_ADMIN_URL" "$SCRATCH_DB")
QUEUE_PREFIX="podnet-rehearse-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
say "scratch database $SCRATCH_DB, queue prefix $QUEUE_PREFIX"
API_PORT=$(free_port)
WORKER_PORT=$(free_port)
server_env=("DATABASE_URL=$DB_URL" "REDIS_URL=$REDIS_URL_BASE" "PODNET_QUEUE_PREFIX=$QUEUE_PREFIX")
t=$(date +%s.%N)
# Dockerfile: CMD ["node", "--enable-source-maps", "dist/apps/api/main.js"]
start api "PORT=$API_PORT" "PODNET_BOOTSTRAP_ADMIN_KEY=$ADMIN_KEY" "${server_env[@]}" -- node --enable-source-maps dist/apps/api/main.js
API_PID=$LAST_PID
API_WRAPPER=$LAST_WRAPPER
wait_for 120 "$API_PID" api healthcheck "$API_PORT"
TIMINGS[start_api]=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t" | bc)")
# the worker: same image, command from docker-compose.yml / infra/k8s
start worker "PORT=$API_PORT" "PODNET_WORKER_HEALTH_PORT=$WORKER_PORT" "${server_env[@]}" -- node --enable-source-maps dist/apps/worker/main.js
WORKER_PID=$LAST_PID
WORKER_WRAPPER=$LAST_WRAPPER
wait_for 120 "$WORKER_PID" worker curl -fsS -m 3 "http://127.0.0.1:$WORKER_PORT/ready"
URL="http://127.0.0.1:$API_PORT"
expect_http 200 "api /ready" GET "$URL/ready"
[ "$(jget "$HTTP_BODY" databaseKind)" = "postgres" ] || fail "api /ready: expected databaseKind postgres: $HTTP_BODY"
[ "$(jget "$HTTP_BODY" queueKind)" != "in-process" ] || fail "api /ready: REDIS_URL is set but the queue is in-process: $HTTP_BODY"
say "api /ready: $HTTP_BODY"
expect_http 200 "worker /health" GET "http://127.0.0.1:$WORKER_PORT/health"
expect_http 200 "worker /ready" GET "http://127.0.0.1:$WORKER_PORT/ready"
say "worker /ready: $HTTP_BODY"
exercise server "$URL"
grep -q "$RUN_ID" "$WORK/logs/worker.log" || fail "server: run $RUN_ID succeeded but the worker's log never mentions it (who ran it?)"
SUMMARY_SERVER="run $RUN_ID SUCCEEDED in $RUN_SECS s, executed by the worker process (api start to healthy ${TIMINGS[start_api]} s)"
stop "$WORKER_PID" "$WORKER_WRAPPER" worker 30
stop "$API_PID" "$API_WRAPPER" api 10

# ---------------------------------------------------------------------------------------------------------------
CURRENT_STEP="summary"
cat <<EOF

podnet image rehearsal PASSED ($REF = $(git -C "$REPO" rev-parse --short "$REF"), build-stage npm $(PATH="$BUILD_PATH" npm --version), node $node_version)
  build stage   npm install ${TIMINGS[install]} s, nx build ${TIMINGS[build]} s, npm prune ${TIMINGS[prune]} s
  image /app    node_modules $(human "$SIZE_NM") + dist $(human "$SIZE_DIST") = $(human "$SIZE_ALL") with package.json and migrations (plus the base image)
                largest: ${LARGEST%, }
  embedded      $SUMMARY_EMBEDDED
  api + worker  $SUMMARY_SERVER
  total         $(($(date +%s) - T0)) s
EOF
