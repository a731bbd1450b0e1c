#!/usr/bin/env bash
# Sets everything up on a machine with Node.js >= 20.19 and npm, then runs a job.
#   bash scripts/quickstart.sh demo    set up, then run the examples (the main job)
#   bash scripts/quickstart.sh test    set up, then build, type-check, lint and run the whole test suite
#   bash scripts/quickstart.sh setup   set up only
set -euo pipefail
cd "$(dirname "$0")/.."
job="${1:-demo}"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\nsetup failed: %s\n' "$*" >&2; exit 1; }

say "Checking Node.js"
command -v node >/dev/null || fail "Node.js is not installed. Install Node.js 20.19 or newer (https://nodejs.org), then run this again."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  fail "Node.js $(node --version) is too old: version 20.19 or newer is needed."
echo "node $(node --version)"

say "Checking pnpm"
if ! command -v pnpm >/dev/null; then
  echo "pnpm not found; installing it with npm (npm install -g pnpm@10)"
  npm install -g pnpm@10 >/dev/null || fail "could not install pnpm. Run 'npm install -g pnpm@10' yourself (perhaps with sudo), then run this again."
fi
echo "pnpm $(pnpm --version)"

say "Installing dependencies from the lockfile"
pnpm install --frozen-lockfile

say "Building"
pnpm build

say "Checking for a browser"
node scripts/ensure-browser.mjs

case "$job" in
  setup) say "Set up. Next: 'pnpm examples' or 'pnpm test'." ;;
  demo) say "Running the examples"; pnpm examples ;;
  test)
    say "Type-checking"; pnpm typecheck
    say "Linting"; pnpm lint
    say "Running the whole test suite"; pnpm test
    ;;
  *) fail "unknown job '$job' (use demo, test or setup)" ;;
esac
