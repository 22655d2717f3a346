#!/usr/bin/env bash
# Installs the Debian 12 packages Tessel needs, only when something is missing.
# Idempotent: when everything is present it returns in well under a second.
#
# Catch2 v3 (libcatch2-dev) is in bookworm-backports on Debian 12. We enable that suite by
# extending the machine's existing Debian source entry (whatever mirror it already uses),
# never by naming a mirror host of our own.
set -euo pipefail

packages=(verilator g++ make cmake libeigen3-dev libfmt-dev libcatch2-dev lcov ccache python3 time)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: missing packages: ${missing[*]}"

die() { echo "install-deps: error: $*" >&2; exit 1; }

if [ -r /etc/os-release ]; then . /etc/os-release; fi
if [ "${ID:-}" != "debian" ] || [ "${VERSION_CODENAME:-}" != "bookworm" ]; then
  die "unsupported distribution '${PRETTY_NAME:-unknown}'. Tessel installs its packages on" \
      "Debian 12 (bookworm); elsewhere install these yourself: ${missing[*]}" \
      "(Catch2 must be v3, Verilator 5.006 or later)."
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
  else
    die "need root to install: ${missing[*]}. Run 'sudo make deps' or install them as root."
  fi
fi
run() { "${sudo_cmd[@]}" "$@"; }

# Enable bookworm-backports on the existing Debian entry (deb822 or one-line format).
enable_backports() {
  if grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return 0
  fi
  local deb822=/etc/apt/sources.list.d/debian.sources
  if [ -f "$deb822" ] && grep -qE '^Suites:.*\bbookworm-updates\b' "$deb822"; then
    echo "install-deps: adding bookworm-backports to the Suites of $deb822"
    run sed -i -E 's/^(Suites:.*\bbookworm-updates\b)/\1 bookworm-backports/' "$deb822"
    return 0
  fi
  if [ -f /etc/apt/sources.list ]; then
    local line
    line=$(grep -E '^deb [^#]*\s+bookworm\s+main' /etc/apt/sources.list | head -n 1 || true)
    if [ -n "$line" ]; then
      echo "install-deps: adding a bookworm-backports line after the existing bookworm entry"
      echo "${line/ bookworm / bookworm-backports }" | run tee -a /etc/apt/sources.list >/dev/null
      return 0
    fi
  fi
  die "found no Debian bookworm source entry to extend with bookworm-backports."
}

enable_backports
run apt-get update -qq || die "apt-get update failed (no network or a broken source list?)"
extra=()
for p in "${missing[@]}"; do
  if [ "$p" = libcatch2-dev ]; then extra+=(-t bookworm-backports); fi
done
DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq --no-install-recommends \
  "${extra[@]}" "${missing[@]}" || die "apt-get install failed for: ${missing[*]}"
echo "install-deps: done"
