# Sourced by run.sh and test.sh: a project virtualenv in .venv and Debian packages when missing.

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

ensure_venv() {
  local py="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    rm -rf .venv
    # Debian's own python3 ships venv separately; other Pythons (pyenv, python.org) have it built in.
    "$py" -m venv .venv 2>/dev/null || { apt_install python3-venv && "$py" -m venv .venv; }
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check "$@"
}

have_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .
}

ensure_browser_and_fonts() {
  # Chromium renders chart exports (kaleido) and runs the browser tests; Noto CJK keeps Chinese
  # from turning into boxes in exported images.
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  have_cjk_font || missing+=(fonts-noto-cjk fontconfig)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
}

ensure_nginx() {
  # scripts/serve.sh puts nginx in front of several app processes (and its test starts one).
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    apt_install nginx-light || apt_install nginx
  fi
}

ensure_office() {
  # 通报 documents (.docx) are rendered to PDF by LibreOffice in their test, and pages to PNG by poppler.
  local missing=()
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
}

ensure_java() {
  # The Spark engine's tests run a real local Spark session; Spark needs a JVM.
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
}
