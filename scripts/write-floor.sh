#!/usr/bin/env bash
# Counts what a local edit and an applied change physically write, against plain SQLite writing the same field
# rows (docs/performance.md, "The physical floor"). Each write runs in its own `gradsync` process, which
# checkpoints the WAL into the file when it closes, so the pages it changed are the pages that differ between a
# copy taken before and the file after; `dbstat` names the B-tree each changed page belongs to.
# Usage: scripts/write-floor.sh [GRADUATES] (default 1000, at least 400; five fields each). Needs sqlite3 built with dbstat.
set -euo pipefail
graduates=${1:-1000}
[ "$graduates" -ge 400 ] || { echo "GRADUATES: at least 400 (the edits change graduates 0, 37, …, 333)" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${GRADSYNC_BIN:-$root/.build/debug/gradsync}
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))

# Pages that differ between two copies of a database, by owning B-tree (new pages included), as "name pages".
changed_pages() {
  local before=$1 after=$2 size
  size=$(sqlite3 "$after" "PRAGMA page_size")
  sqlite3 "$after" "SELECT pageno, name FROM dbstat" > "$work/owners"
  cmp -l "$before" "$after" 2>/dev/null | awk -v size="$size" '{ print int(($1 - 1) / size) + 1 }' | sort -un > "$work/pages" || true
  # Pages past the end of the old file are new: cmp stops at EOF, so add them.
  local old new
  old=$(( $(stat -c %s "$before") / size )); new=$(( $(stat -c %s "$after") / size ))
  [ "$new" -gt "$old" ] && seq $((old + 1)) "$new" >> "$work/pages"
  sort -un "$work/pages" | awk -F'|' 'NR == FNR { owner[$1] = $2; next } { n = ($1 in owner) ? owner[$1] : "(free-or-header)"; count[n]++ }
    END { for (n in count) printf "%s %d\n", n, count[n] }' "$work/owners" - | sort
}

# Pages a list of "name pages" lines gives each B-tree, per edit.
per_edit() {
  awk -v n="$2" '{ sum[$1] += $2 } END { for (k in sum) { printf "  %-30s %5.2f pages/edit\n", k, sum[k] / n; t += sum[k] }; printf "  %-30s %5.2f pages/edit\n", "~total", t / n }' "$1" | sort
}

# Leaf entries and payload bytes of each B-tree, as "name|entries|payload".
btree_sizes() {
  sqlite3 "$1" "SELECT name, sum(ncell), sum(payload) FROM dbstat WHERE pagetype = 'leaf' GROUP BY name ORDER BY name"
}

# Entries and payload bytes each B-tree gained between two files, per change.
gained() {
  local before=$1 after=$2 changes=$3
  join -t'|' -a2 <(btree_sizes "$before" | sort) <(btree_sizes "$after" | sort) |
    awk -F'|' -v n="$changes" 'NF == 5 { de = $4 - $2; db = $5 - $3 } NF == 3 { de = $2; db = $3 }
      de > 0 { printf "  %-30s %8.2f entries/change %8.1f payload bytes/change\n", $1, de / n, db / n }'
}

plain_schema="PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
CREATE TABLE field (scope TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL,
  value TEXT NOT NULL, hlc INTEGER NOT NULL, PRIMARY KEY (scope, collection, key, field)) WITHOUT ROWID;"
# The field rows of a replica, as plain SQLite holds them.
field_rows() {
  sqlite3 "$1" "SELECT f.scope, f.collection, f.key, f.field, f.value, c.hlc FROM gs_field f JOIN gs_change c ON c.rowid = f.change" 
}

export GRADSYNC_HOME
# The roster: five fields a graduate.
{ echo "student_no,name,gender,degree_level,grad_year"
  for ((i = 0; i < graduates; i++)); do printf '2024%06d,学生%d,%d,本科,2024\n' "$i" "$i" $((i % 2 + 1)); done; } > "$work/roster.csv"

GRADSYNC_HOME=$work/central; "$bin" init --central > /dev/null
token=$("$bin" token issue --department AUTO 2>/dev/null | tail -1)
"$bin" serve --port "$port" > "$work/serve.log" 2>&1 & server=$!
# Any answer at all means the node listens.
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done

GRADSYNC_HOME=$work/a; "$bin" init --department AUTO > /dev/null
"$bin" import "$work/roster.csv" > /dev/null
a=$work/a/replica.sqlite
edits=10
echo "== local edit, 1 field: pages each edit changed, summed over $edits edits (each its own process and transaction)"
: > "$work/edit-pages"
cp "$a" "$work/a-start.sqlite"
for ((i = 0; i < edits; i++)); do
  cp "$a" "$work/a-before.sqlite"
  "$bin" graduate set "$(printf '2024%06d' $((i * 37)))" phone="139$(printf %08d $i)" > /dev/null
  changed_pages "$work/a-before.sqlite" "$a" >> "$work/edit-pages"
done
per_edit "$work/edit-pages" "$edits"
gained "$work/a-start.sqlite" "$a" "$edits"

echo "== plain SQLite: the same $edits one-field upserts, one transaction each"
field_rows "$a" | awk -F'|' '$4 != "phone" { printf "INSERT INTO field VALUES (%c%s%c,%c%s%c,%c%s%c,%c%s%c,%c%s%c,%s);\n", 39,$1,39,39,$2,39,39,$3,39,39,$4,39,39,$5,39,$6 }' > "$work/rows.sql"
{ echo "$plain_schema"; echo "BEGIN;"; cat "$work/rows.sql"; echo "COMMIT;"; } | sqlite3 "$work/plain.sqlite" > /dev/null
: > "$work/edit-pages"
for ((i = 0; i < edits; i++)); do
  cp "$work/plain.sqlite" "$work/plain-before.sqlite"
  printf "PRAGMA synchronous = NORMAL; INSERT INTO field VALUES ('AUTO','graduates','%s','phone','\"139%08d\"',9000000000000000000) ON CONFLICT DO UPDATE SET value = excluded.value, hlc = excluded.hlc WHERE excluded.hlc > hlc;" \
    "$(printf '2024%06d' $((i * 37)))" "$i" | sqlite3 "$work/plain.sqlite"
  changed_pages "$work/plain-before.sqlite" "$work/plain.sqlite" >> "$work/edit-pages"
done
per_edit "$work/edit-pages" "$edits"

echo "== apply: a fresh replica pulls the department"
GRADSYNC_HOME=$work/a; "$bin" sync --remote "http://127.0.0.1:$port" --token "$token" > /dev/null
GRADSYNC_HOME=$work/b; "$bin" init --department AUTO > /dev/null
b=$work/b/replica.sqlite
cp "$b" "$work/b-before.sqlite"
"$bin" sync --remote "http://127.0.0.1:$port" --token "$token" > /dev/null
changes=$(sqlite3 "$b" "SELECT count(*) FROM gs_change")
echo "  $changes changes"
changed_pages "$work/b-before.sqlite" "$b" | awk -v n="$changes" '{ printf "  %-30s %6d pages %8.4f pages/change\n", $1, $2, $2 / n; t += $2 } END { printf "  %-30s %6d pages %8.4f pages/change\n", "total", t, t / n }'
gained "$work/b-before.sqlite" "$b" "$changes"
echo "== plain SQLite: the same field rows inserted into an empty table in one transaction"
rm -f "$work/plain2.sqlite"; echo "$plain_schema" | sqlite3 "$work/plain2.sqlite" > /dev/null
cp "$work/plain2.sqlite" "$work/plain2-before.sqlite"
{ echo "BEGIN;"; field_rows "$b" | awk -F'|' '{ printf "INSERT INTO field VALUES (%c%s%c,%c%s%c,%c%s%c,%c%s%c,%c%s%c,%s);\n", 39,$1,39,39,$2,39,39,$3,39,39,$4,39,39,$5,39,$6 }'; echo "COMMIT;"; } | sqlite3 "$work/plain2.sqlite"
changed_pages "$work/plain2-before.sqlite" "$work/plain2.sqlite" | awk -v n="$changes" '{ printf "  %-30s %6d pages %8.4f pages/change\n", $1, $2, $2 / n; t += $2 } END { printf "  %-30s %6d pages %8.4f pages/change\n", "total", t, t / n }'
gained "$work/plain2-before.sqlite" "$work/plain2.sqlite" "$changes"

echo "== apply: the same replica pulls one changed field of every graduate"
GRADSYNC_HOME=$work/a
{ echo "student_no,phone"; for ((i = 0; i < graduates; i++)); do printf '2024%06d,137%08d\n' "$i" "$i"; done; } > "$work/renames.csv"
"$bin" import "$work/renames.csv" > /dev/null
"$bin" sync --remote "http://127.0.0.1:$port" --token "$token" > /dev/null
GRADSYNC_HOME=$work/b
cp "$b" "$work/b-before2.sqlite"
before=$(sqlite3 "$b" "SELECT count(*) FROM gs_change")
"$bin" sync --remote "http://127.0.0.1:$port" --token "$token" > /dev/null
changes=$(( $(sqlite3 "$b" "SELECT count(*) FROM gs_change") - before ))
echo "  $changes changes"
changed_pages "$work/b-before2.sqlite" "$b" | awk -v n="$changes" '{ printf "  %-30s %6d pages %8.4f pages/change\n", $1, $2, $2 / n; t += $2 } END { printf "  %-30s %6d pages %8.4f pages/change\n", "total", t, t / n }'
gained "$work/b-before2.sqlite" "$b" "$changes"
echo "== plain SQLite: the same rows as a last-writer-wins upsert into the table holding the old rows"
cp "$work/plain2.sqlite" "$work/plain3-before.sqlite"
{ echo "BEGIN;"; field_rows "$b" | awk -F'|' '$4 == "phone" { printf "INSERT INTO field VALUES (%c%s%c,%c%s%c,%c%s%c,%c%s%c,%c%s%c,%s) ON CONFLICT DO UPDATE SET value = excluded.value, hlc = excluded.hlc WHERE excluded.hlc > hlc;\n", 39,$1,39,39,$2,39,39,$3,39,39,$4,39,39,$5,39,$6 }'; echo "COMMIT;"; } | sqlite3 "$work/plain2.sqlite"
changed_pages "$work/plain3-before.sqlite" "$work/plain2.sqlite" | awk -v n="$changes" '{ printf "  %-30s %6d pages %8.4f pages/change\n", $1, $2, $2 / n; t += $2 } END { printf "  %-30s %6d pages %8.4f pages/change\n", "total", t, t / n }'
