#!/bin/sh
# Puts the fonts the PDF exports embed into the server's classes (generate-resources phase):
# Noto Sans (Latin, Cyrillic, Greek), Noto Sans Arabic (Arabic script, Persian letters included)
# and Noto Sans TC (Traditional Chinese), all SIL Open Font License 1.1, taken from the
# @expo-google-fonts packages of the npm registry with npm itself (its cache makes later builds
# work offline). Nothing is kept in the repository.
#
# usage: pdf-fonts.sh OUTPUT_DIR WORK_DIR
set -eu
out="$1"
work="$2"
mkdir -p "$out" "$work"
fetch() { # package version file-in-package target-name
  if [ -s "$out/$4" ]; then
    return 0
  fi
  tarball="$work/$(echo "$1" | tr -d @ | tr / -)-$2.tgz"
  if [ ! -s "$tarball" ]; then
    (cd "$work" && npm pack --silent --prefer-offline "$1@$2" >/dev/null)
  fi
  tar -xzf "$tarball" -C "$work" "package/$3"
  mv "$work/package/$3" "$out/$4"
}
fetch @expo-google-fonts/noto-sans 0.4.2 400Regular/NotoSans_400Regular.ttf NotoSans-Regular.ttf
fetch @expo-google-fonts/noto-sans 0.4.2 700Bold/NotoSans_700Bold.ttf NotoSans-Bold.ttf
fetch @expo-google-fonts/noto-sans-arabic 0.4.3 400Regular/NotoSansArabic_400Regular.ttf NotoSansArabic-Regular.ttf
fetch @expo-google-fonts/noto-sans-arabic 0.4.3 700Bold/NotoSansArabic_700Bold.ttf NotoSansArabic-Bold.ttf
fetch @expo-google-fonts/noto-sans-tc 0.4.3 400Regular/NotoSansTC_400Regular.ttf NotoSansTC-Regular.ttf
if [ ! -s "$out/OFL.txt" ]; then
  tar -xzf "$work/expo-google-fonts-noto-sans-0.4.2.tgz" -C "$work" package/LICENSE_FONT
  mv "$work/package/LICENSE_FONT" "$out/OFL.txt"
fi
