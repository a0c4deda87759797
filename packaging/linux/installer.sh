#!/bin/sh
# Installs Coordinateur for the current user (no administrator rights): the program in
# ~/.local/share/coordinateur, a launcher in the applications menu, the icon. Run it from the unpacked
# folder: ./installer.sh   — and ./installer.sh --retirer to remove it (your data stays).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$prefix/coordinateur"
if [ "${1:-}" = "--retirer" ]; then
    rm -rf "$target" "$prefix/applications/coordinateur.desktop" "$prefix/icons/hicolor/256x256/apps/coordinateur.png"
    echo "Coordinateur a été retiré. Vos données sont restées dans leur dossier."
    exit 0
fi
rm -rf "$target.nouveau"
cp -R "$here/coordinateur" "$target.nouveau"
rm -rf "$target"
mv "$target.nouveau" "$target"
mkdir -p "$prefix/applications" "$prefix/icons/hicolor/256x256/apps" "$HOME/.local/bin"
sed "s|@EXEC@|$target/coordinateur|" "$here/coordinateur.desktop" > "$prefix/applications/coordinateur.desktop"
cp "$here/coordinateur.png" "$prefix/icons/hicolor/256x256/apps/coordinateur.png"
ln -sf "$target/coordinateur" "$HOME/.local/bin/coordinateur"
echo "Coordinateur est installé : menu des applications, ou « coordinateur » dans un terminal."
