#!/bin/sh
# Usage: sandbox.sh ROOT COMFYUI WORK BIN COMMAND [ARG...]
#
# Runs COMMAND, in the current folder, in a private mount namespace whose
# root is built in the empty folder ROOT from the machine's own top-level
# folders, plus the folder COMFYUI at /ComfyUI and WORK at /tmp/comfyui:
# the paths a generated ComfyUI package hard-codes, as its container has
# them. Nothing outside ROOT changes. BIN goes first on PATH (pget).
set -eu
if [ "$(id -u)" -ne 0 ]; then
	user=--map-root-user
else
	user=
fi
exec unshare $user --mount --propagation private sh -eu -c '
root=$1 comfy=$2 work=$3 bin=$4
shift 4
mount -t tmpfs cogport-sandbox "$root"
# graft SOURCE_DIR TARGET_DIR: every entry of SOURCE_DIR into TARGET_DIR.
graft() {
	for entry in "$1"/* "$1"/.[!.]*; do
		[ -e "$entry" ] || [ -L "$entry" ] || continue
		name=${entry##*/}
		if [ -L "$entry" ]; then
			ln -s "$(readlink "$entry")" "$2/$name"
		elif [ -d "$entry" ]; then
			mkdir "$2/$name" && mount --rbind "$entry" "$2/$name"
		else
			touch "$2/$name" && mount --bind "$entry" "$2/$name"
		fi
	done
}
for entry in /*; do
	[ "$entry" = /tmp ] && continue
	name=${entry##*/}
	if [ -L "$entry" ]; then
		ln -s "$(readlink "$entry")" "$root/$name"
	elif [ -d "$entry" ]; then
		mkdir "$root/$name" && mount --rbind "$entry" "$root/$name"
	fi
done
# /tmp is a fresh tmpfs holding what /tmp holds now, so that /tmp/comfyui
# is this run'"'"'s own.
mkdir "$root/tmp" && mount -t tmpfs cogport-tmp "$root/tmp" && chmod 1777 "$root/tmp"
graft /tmp "$root/tmp"
mkdir "$root/ComfyUI" "$root/tmp/comfyui"
mount --bind "$comfy" "$root/ComfyUI"
mount --bind "$work" "$root/tmp/comfyui"
export PATH="$bin:$PATH"
exec chroot "$root" sh -c "cd \"\$0\" && exec \"\$@\"" "$PWD" "$@"
' sh "$@"
