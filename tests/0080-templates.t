#!/bin/sh
# 0080-templates.t - lint of the shipped scanner templates (keys, paths,
# placeholders, exit-code lists, regexes), stricter than check-config.
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/check-templates"
