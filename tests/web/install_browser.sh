#!/usr/bin/env bash
# Browser for the end-to-end tests of the web app: Debian's chromium (Playwright drives it; Playwright's own
# browser download is not used). Does nothing when /usr/bin/chromium is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: no apt-get here; install Chromium at /usr/bin/chromium to run the browser tests" >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install_browser: run 'sudo apt-get install chromium' to run the browser tests (they are skipped without it)" >&2
    exit 0
fi
echo "install_browser: installing chromium (apt-get) for the browser tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
