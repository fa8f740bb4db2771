#!/usr/bin/env bash
# Makes the .xlsx fixtures with LibreOffice, as a secretary's spreadsheet software saves them. Run from this folder;
# the outputs are committed so the reader's unit tests need no LibreOffice.
#
# roster_text_ids.xlsx: roster_twin.csv opened with 学号, 考生号 and 手机号码 as text columns and 签约日期 as a
#   date (the CSV filter's column formats: 2 text, 5 YMD), as the national system's template has them.
# roster_merged.xlsx: roster_merged.fods (flat OpenDocument, written by hand) saved as .xlsx: identifiers as numbers,
#   a 学院 cell merged over three rows, a date in a Chinese format, a blank row and a second sheet.
set -euo pipefail
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice="soffice -env:UserInstallation=file://$profile --headless"
$soffice --infilter="CSV:44,34,76,1,1/2/2/2/15/5/16/2,1033,false,true" --convert-to xlsx roster_twin.csv
mv roster_twin.xlsx roster_text_ids.xlsx
$soffice --convert-to xlsx roster_merged.fods
