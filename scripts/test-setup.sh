#!/usr/bin/env bash
# What the test tiers need running, before `npm test` and `npm run test:engine` (npm's pretest
# hooks), so that the test command passes right after scripts/install.sh with nothing else typed:
# a Docker engine (scripts/start-dockerd.sh starts pgseed's own when none answers) and the offline
# postgres:15 image (tests/docker/build-postgres-image.sh builds it when missing or when its recipe
# changed). Idempotent: about a second when both are there. Starts nothing of the host's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/start-dockerd.sh
bash tests/docker/build-postgres-image.sh
