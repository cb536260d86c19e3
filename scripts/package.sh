#!/usr/bin/env bash
# Builds the packages a centre hands out to its trainers:
#   dist/sansang-VERSION-windows-x64.zip     sansang.exe, sansang.cmd, HUONG-DAN.txt, surveys/
#   dist/sansang-VERSION-linux-x64.tar.gz    sansang, sansang.sh, HUONG-DAN.txt, surveys/
# VERSION is the one in Cargo.toml.
#
# usage: scripts/package.sh [windows] [linux] [--binary PATH] [--out DIR]
#   no system named: both.
#   --binary PATH  package this program as it is instead of building (and stripping)
#                  a release build; one system only. The tests use it.
#   --out DIR      where the archives go (default: dist/).
# Windows needs `rustup target add x86_64-pc-windows-gnu` and Debian's
# gcc-mingw-w64-x86-64; archives are made with zip, or python3 where zip is missing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
target_dir=${CARGO_TARGET_DIR:-$root/target}
out=$root/dist
binary=
systems=()

fail() {
  echo "package.sh: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    windows | linux) systems+=("$1") ;;
    --binary) binary=${2:?--binary needs a file} && shift ;;
    --out) out=${2:?--out needs a folder} && shift ;;
    *) fail "unknown argument '$1'; see the top of scripts/package.sh" ;;
  esac
  shift
done
[ ${#systems[@]} -gt 0 ] || systems=(windows linux)
[ -z "$binary" ] || [ ${#systems[@]} -eq 1 ] || fail "--binary packages one system; name windows or linux"
[ -z "$binary" ] || [ -f "$binary" ] || fail "$binary: no such file"
[ -n "$version" ] || fail "no version found in $root/Cargo.toml"
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# CRLF line ends for Windows.
crlf_text() {
  sed -e "s/{VERSION}/$version/g" -e 's/$/\r/' "$1"
}

# Text for Notepad: UTF-8 with a byte-order mark (which cmd.exe would choke on), CRLF.
notepad_text() {
  printf '\xEF\xBB\xBF'
  crlf_text "$1"
}

unix_text() {
  sed -e "s/{VERSION}/$version/g" "$1"
}

# The release program for a target: built here, with its symbols stripped (a
# third of the size; panics still name their place), or --binary as it is.
program() {
  local target=$1 name=$2 strip=$3 dest=$4
  if [ -n "$binary" ]; then
    cp "$binary" "$dest"
    return
  fi
  (cd "$root" && cargo build --release --locked --target "$target")
  "$strip" -o "$dest" "$target_dir/$target/release/$name"
}

# Writes the archive beside its final name, then renames it: never half a file.
archive() {
  local folder=$1 file=$2
  case $file in
    *.zip)
      if command -v zip >/dev/null 2>&1; then
        (cd "$work" && zip -q -r -X "$file.part" "$folder")
      else
        (cd "$work" && python3 -m zipfile -c "$file.part" "$folder")
      fi
      ;;
    *.tar.gz) tar -C "$work" --owner=0 --group=0 -czf "$file.part" "$folder" ;;
  esac
  mv -f "$file.part" "$file"
  echo "$file ($(du -h "$file" | cut -f1))"
}

package() {
  local system=$1 folder="sansang-$version-$1-x64"
  local dir="$work/$folder"
  mkdir -p "$dir/surveys"
  cp "$root"/surveys/*.json "$dir/surveys/"
  case $system in
    windows)
      if [ -z "$binary" ]; then
        rustup target list --installed | grep -qx x86_64-pc-windows-gnu ||
          fail "the Windows target is missing: rustup target add x86_64-pc-windows-gnu"
        command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 ||
          fail "the mingw linker is missing: apt-get install gcc-mingw-w64-x86-64"
      fi
      program x86_64-pc-windows-gnu sansang.exe x86_64-w64-mingw32-strip "$dir/sansang.exe"
      notepad_text "$root/packaging/HUONG-DAN.txt" >"$dir/HUONG-DAN.txt"
      crlf_text "$root/packaging/sansang.cmd" >"$dir/sansang.cmd"
      archive "$folder" "$out/$folder.zip"
      ;;
    linux)
      program x86_64-unknown-linux-gnu sansang strip "$dir/sansang"
      unix_text "$root/packaging/HUONG-DAN.txt" >"$dir/HUONG-DAN.txt"
      cp "$root/packaging/sansang.sh" "$dir/sansang.sh"
      chmod 755 "$dir/sansang" "$dir/sansang.sh"
      archive "$folder" "$out/$folder.tar.gz"
      ;;
  esac
}

for system in "${systems[@]}"; do
  package "$system"
done
