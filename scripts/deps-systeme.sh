#!/usr/bin/env bash
# Bibliothèques Debian nécessaires à WeasyPrint (PDF) et aux tests dans un navigateur.
# Installées si elles manquent et si l'on est root ; sinon la commande apt exacte est affichée.
set -euo pipefail
paquets=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils)
if [ "${WEKER_NAVIGATEUR:-0}" = "1" ]; then paquets+=(chromium); fi
manquants=()
for p in "${paquets[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || manquants+=("$p")
done
[ ${#manquants[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installation des paquets Debian manquants : ${manquants[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y -qq "${manquants[@]}" >/dev/null
else
  echo "Paquets Debian manquants. Installez-les avec :"
  echo "  sudo apt-get install -y ${manquants[*]}"
  [ "${WEKER_NAVIGATEUR:-0}" = "1" ] && exit 0
  exit 1
fi
