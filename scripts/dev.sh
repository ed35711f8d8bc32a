#!/usr/bin/env bash
# The two commands of the README.
#   bash scripts/dev.sh app    set up (virtualenv + pinned requirements + a CJK font) and run the app
#   bash scripts/dev.sh test   set up (also Debian's chromium and a CJK font) and run every test
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${ZQ_VENV:-.venv}"
PY="${PYTHON:-python3}"

setup_python() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -r "$1"
}

apt_install() {  # apt_install PKG... : only what is missing; root or sudo
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

setup_system_for_app() {  # the static map exports (专题图) need a CJK font; never fetched at run time
  if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    echo "Installing with apt-get: fonts-noto-cjk"
    apt_install fonts-noto-cjk fontconfig
  fi
}

setup_system_for_tests() {
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk fontconfig)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  if [ ${#need[@]} -gt 0 ]; then
    echo "Installing with apt-get: ${need[*]}"
    apt_install "${need[@]}"
  fi
}

case "${1:-}" in
  app)
    setup_python requirements.txt
    setup_system_for_app
    exec "$VENV/bin/python" -m streamlit run app.py "${@:2}"
    ;;
  test)
    setup_python requirements-dev.txt
    setup_system_for_tests
    "$VENV/bin/python" -m ruff check .
    exec "$VENV/bin/python" -m pytest -q "${@:2}"
    ;;
  *)
    echo "usage: bash scripts/dev.sh app|test" >&2
    exit 2
    ;;
esac
