#!/usr/bin/env bash
# Runs the Windows program under wine, the nearest thing to a trainer's laptop that
# a Linux machine has: the shipped surveys, the default database folder
# (%LOCALAPPDATA%\sansang), an export into a folder with Vietnamese letters and
# spaces, merging two laptops, a power cut while answers are saved, and the
# workshop screens in a console (a spreadsheet written to Documents, quitting,
# then reopened with no repair), and a failure that stays readable.
#
# usage: scripts/wine-check.sh PATH/TO/sansang.exe
# Needs wine64 (Debian's wine 8), x86_64-w64-mingw32-gcc and tmux. Wine 8 has no
# bcryptprimitives.dll; a stand-in is built from scripts/wine/ and put beside the
# program (real Windows has its own).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
exe=$(realpath "${1:?usage: scripts/wine-check.sh PATH/TO/sansang.exe}")
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
work=$(mktemp -d)
# One tmux server per console: a server still shutting down never meets the next.
consoles=0
console() {
  echo "sansang-wine-$$-$consoles"
}

# Opens a new 120x40 console running sansang with ARGS (its exit code goes to
# console.rc), as a double-click does: the console is the program's alone.
open_console() {
  consoles=$((consoles + 1))
  rm -f "$work/console.rc"
  tmux -L "$(console)" new-session -d -x 120 -y 40 \
    "'$wine' '$work/app/sansang.exe' $*; echo \$? >'$work/console.rc'; sleep 60"
}

# Keys typed into the console; a console that is gone fails the checks after it.
keys() {
  tmux -L "$(console)" send-keys "$@" 2>/dev/null || true
}

shows() {
  tmux -L "$(console)" capture-pane -p 2>/dev/null | grep -q "$1"
}

# The exit code of the program in the console, once it has ended.
console_exit() {
  eventually test -s "$work/console.rc" && cat "$work/console.rc"
}

# True once COMMAND succeeds, trying for up to 15 seconds.
eventually() {
  for _ in $(seq 150); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

cleanup() {
  for n in $(seq 0 "$consoles"); do
    tmux -L "sansang-wine-$$-$n" kill-server 2>/dev/null || true
  done
  # The wine server writes into the prefix until it has exited. Only ours: a wine
  # server of another prefix is left alone.
  WINEPREFIX="$work/prefix" "$wineserver" -k 2>/dev/null || true
  WINEPREFIX="$work/prefix" "$wineserver" -w 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Wine links the profile's Documents to $HOME: keep it in the scratch folder.
export HOME="$work/home"
unset SANSANG_DB SANSANG_EXPORTS SANSANG_SURVEYS
mkdir -p "$HOME" "$work/app"
cp "$exe" "$work/app/sansang.exe"
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/app/bcryptprimitives.dll" \
  "$root/scripts/wine/bcryptprimitives.c" "$root/scripts/wine/bcryptprimitives.def"
"$wine" wineboot -i >/dev/null 2>&1 || true

passed=0
failed=0
check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "wine-check: FAILED: $what" >&2
  fi
}

sansang() {
  "$wine" "$work/app/sansang.exe" "$@" 2>>"$work/stderr"
}

quiet() {
  "$@" >/dev/null
}

# A Linux path as the same file on wine's Z: drive, with Windows' backslashes.
windows_path() {
  local path=${1//\//\\}
  echo "Z:$path"
}

users="$WINEPREFIX/drive_c/users/$(id -un)"

check "--version" test "$(sansang --version)" = "sansang $version"
check "the shipped surveys validate" quiet \
  sansang validate "$(windows_path "$root/surveys/sxsh.json")" "$(windows_path "$root/surveys/dx.json")"

sansang demo --establishments 3 >/dev/null
check "the database is in %LOCALAPPDATA%\\sansang" test -s "$users/AppData/Local/sansang/sansang.redb"
check "sessions are listed with their Vietnamese names" grep -q "Vô Tranh" <(sansang session list)

# A reader that leaves early (`sansang score | more`) ends the output quietly: Windows
# says so in words of its own (ERROR_PIPE_NOT_CONNECTED).
sansang --db 'C:\pipe.redb' demo --establishments 40 >/dev/null
"$wine" "$work/app/sansang.exe" --db 'C:\pipe.redb' score --format json 2>"$work/closed" | head -c 1 >/dev/null || true
check "a reader that leaves early ends the output quietly" test ! -s "$work/closed"

mkdir -p "$WINEPREFIX/drive_c/Dữ liệu khuyến công"
sheet='C:\Dữ liệu khuyến công\Kết quả hội thảo Phú Lương.xlsx'
sansang export --format xlsx --out "$sheet" >/dev/null
check "an export into a folder with Vietnamese letters and spaces" \
  test -s "$WINEPREFIX/drive_c/Dữ liệu khuyến công/Kết quả hội thảo Phú Lương.xlsx"

sansang export --format json --out 'C:\may-a.json' >/dev/null
laptop_b='C:\Máy B\sansang.redb'
check "another laptop merges the export" \
  grep -q "added" <(sansang --db "$laptop_b" import 'C:\may-a.json')

# A power cut while answers are being saved: the process is killed outright. The
# next start repairs the file, keeps a copy of it first, and every answer that was
# acknowledged is there.
session=$(sansang session new --name "Hội thảo mất điện" --date 2026-03-10 | tr -d '\r')
establishment=$(sansang establishment add --name "HTX chè Tân Cương" --kind hop_tac_xa | tr -d '\r')
response=$(sansang response new --session "$session" --establishment "$establishment" --survey sxsh | tr -d '\r')
mkfifo "$work/answers"
"$wine" "$work/app/sansang.exe" answer --response "$response" --stdin <"$work/answers" >"$work/acks" 2>&1 &
saving=$!
exec 3>"$work/answers"
echo "A1 hieu" >&3
eventually grep -q "saved A1" "$work/acks" || true
kill -KILL "$saving" 2>/dev/null || true
wait "$saving" 2>/dev/null || true
exec 3>&-
check "the answer was acknowledged before the power cut" grep -q "saved A1" "$work/acks"
# Reading never repairs (its bytes stay as they are): the next command that writes does,
# as the trainer's next start of sansang would.
"$wine" "$work/app/sansang.exe" response status "$response" draft >/dev/null 2>"$work/repair" || true
"$wine" "$work/app/sansang.exe" response show "$response" --json >"$work/after" 2>>"$work/stderr" || true
check "the next start repairs the file and says where the copy is" grep -q "repaired" "$work/repair"
check "the copy is kept beside the database" \
  compgen -G "$users/AppData/Local/sansang/sansang.redb.bak-*" >/dev/null
check "the acknowledged answer survived" grep -q '"A1"' "$work/after"

# The workshop screens in a 120x40 console: they show, and quitting closes the
# database cleanly (the next start repairs nothing), by Ctrl+C as a key, and by the
# console's Ctrl+C event (wine turns SIGINT into it), which reaches the same handler
# as the close button.
screens() {
  local how=$1 first=$2
  open_console
  check "the workshop screens open ($how)" eventually shows "$first"
  case $how in
    key)
      # x in a workshop writes its spreadsheet to Documents\sansang (the known
      # folder, whatever the system calls it), under a name Windows accepts.
      keys Enter
      sleep 1
      keys x
      check "x writes the workshop's spreadsheet to Documents\\sansang" eventually \
        quiet compgen -G "$users/Documents/sansang/*-20[0-9][0-9]-[0-9][0-9]-[0-9][0-9].xlsx"
      keys C-c
      ;;
    event) kill -INT "$(pgrep -f "^$work/app/sansang.exe\$")" || true ;;
  esac
  check "the screens quit ($how)" test "$(console_exit)" = 0
  "$wine" "$work/app/sansang.exe" session list >/dev/null 2>"$work/reopen" || true
  check "the screens closed the database cleanly ($how)" test ! -s "$work/reopen"
}
screens key "Hội thảo"
# The next start goes back to the workshop the trainer was in.
screens event "Cơ sở ("

# Started by a double-click, the program has its console to itself: a failure
# (here a mistyped id) waits for Enter before the window closes with it, so the
# message can be read.
open_console session show no-such-id
check "a failure in its own console waits for Enter" eventually shows "Press Enter"
check "the window stays until Enter" test ! -e "$work/console.rc"
keys Enter
check "Enter closes it, with the failure's exit code" test "$(console_exit)" = 1

echo "wine-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || {
  cat "$work/stderr" "$work/repair" "$work/reopen" >&2 2>/dev/null || true
  exit 1
}
