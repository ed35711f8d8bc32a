#!/usr/bin/env bash
# The two commands of the README.
#   bash scripts/dev.sh app [streamlit flags]   set up, then run the app (http://localhost:8501)
#   bash scripts/dev.sh test [pytest args]      set up (also chromium, poppler), then run every test
#   bash scripts/dev.sh cluster N [serve flags]  set up (also nginx), then N app processes behind
#                                               nginx on http://localhost:8501 (python -m layers serve)
#   bash scripts/dev.sh setup app|test|cluster  only the set-up of one of them
# Set-up does only what is missing: the virtualenv is created once, pip runs only when a
# requirements file changed since the last successful install, and apt-get (root or sudo) runs
# only for a package whose check fails, so a second start installs nothing and needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${ZQ_VENV:-.venv}"
PY="${PYTHON:-python3}"

requirements_digest() {  # requirements_digest FILE: sha256 of FILE and the files it -r includes
  local file="$1" inc
  sha256sum "$file"
  while read -r inc; do
    requirements_digest "$(dirname "$file")/$inc"
  done < <(sed -n 's/^-r[[:space:]]*//p' "$file")
}

setup_python() {  # setup_python REQUIREMENTS_FILE
  local stamp="$VENV/.zq-installed-$(basename "$1")" want
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  want="$(requirements_digest "$1")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  "$VENV/bin/python" -m pip install --quiet -r "$1"
  printf '%s\n' "$want" >"$stamp"
}

apt_install() {  # apt_install PKG... : only what is missing; root or sudo
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

have_cjk_font() {
  # Not `fc-list | grep -q`: under pipefail, grep -q exits at the first match, fc-list dies of
  # SIGPIPE on a long font list and the pipeline "fails" although the font is there.
  local fonts
  fonts="$(fc-list : family 2>/dev/null)" || return 1
  grep -qi "Noto Sans CJK" <<<"$fonts"
}

have_postgis() {  # a PostgreSQL server (initdb) and the PostGIS extension for it
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null &&
    compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null
}

have_nginx() {  # the load balancer of `cluster` (and of its test); started by us, never as a service
  [ -x /usr/sbin/nginx ]
}

setup_system() {  # setup_system app|test|cluster
  local need=()
  have_cjk_font || need+=(fonts-noto-cjk fontconfig)  # static map exports (专题图); never fetched at run time
  if [ "$1" = test ] || [ "$1" = cluster ]; then
    have_nginx || need+=(nginx-light)  # layers serve: several app processes behind nginx
  fi
  if [ "$1" = test ]; then
    [ -x /usr/bin/chromium ] || need+=(chromium)
    command -v pdftotext >/dev/null || need+=(poppler-utils)
    have_postgis || need+=(postgresql-15 postgresql-15-postgis-3)  # the PostGIS store's tests
  fi
  if [ ${#need[@]} -gt 0 ]; then
    echo "Installing with apt-get: ${need[*]}"
    apt_install "${need[@]}"
  fi
}

setup() {  # setup app|test
  case "$1" in
    app) setup_python requirements.txt ;;
    test) setup_python requirements-dev.txt ;;
    cluster) setup_python requirements.txt ;;
    *) echo "usage: bash scripts/dev.sh setup app|test|cluster" >&2; exit 2 ;;
  esac
  setup_system "$1"
}

case "${1:-}" in
  app)
    setup app
    exec "$VENV/bin/python" -m streamlit run serve.py "${@:2}"   # app.py + the tile routes (st.App)
    ;;
  test)
    setup test
    "$VENV/bin/python" -m ruff check .
    exec "$VENV/bin/python" -m pytest -q "${@:2}"
    ;;
  cluster)
    setup cluster
    exec "$VENV/bin/python" -m layers serve --processes "${2:-2}" "${@:3}"
    ;;
  setup)
    setup "${2:-}"
    ;;
  *)
    echo "usage: bash scripts/dev.sh app|test|cluster N|setup app|test|cluster" >&2
    exit 2
    ;;
esac
