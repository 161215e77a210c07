#!/bin/sh
# 0010-magic.t - attscan's own magic database types each format right.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$root/build}
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$root/$BUILD_DIR ;; esac
export BUILD_DIR
exec python3 "$here/test-magic"
