#!/usr/bin/env bash
# Debian packages the test suite needs beyond Node: none yet.
set -euo pipefail
