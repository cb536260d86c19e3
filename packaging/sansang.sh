#!/bin/sh
# Starts sansang from the folder it was unpacked to. Started from a file manager
# (no terminal to draw in), it first opens the desktop's terminal.
here=$(dirname "$(readlink -f "$0")")
if [ $# -eq 0 ] && [ ! -t 0 ] && command -v x-terminal-emulator >/dev/null 2>&1; then
    exec x-terminal-emulator -e "$here/sansang"
fi
exec "$here/sansang" "$@"
