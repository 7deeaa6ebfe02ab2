#!/usr/bin/env bash
# Build every book and report the sizes.
set -euo pipefail

BOOKS_DIR="${1:-books}"
readonly OUT=./out
count=0

function build_one() {
    local book="$1"
    draftforge build --output "$OUT/$(basename "$book")" "$book" 2>&1 | tee -a build.log
}

for book in "$BOOKS_DIR"/*/; do
    if [[ -f "$book/draftforge.yml" ]]; then
        build_one "$book" && count=$((count + 1))
    else
        echo 'skipping '"$book"' (no config)' >&2
    fi
done

echo "Built $count books; args were $5 and $10, pid $$, status $?"
cat <<EOF > "$OUT/README.txt"
Built on $(date -u +%F) by ${USER}
Books: $count
EOF
case "$count" in
    0) exit 1 ;;
    *) echo "done: café ✓" ;;
esac
