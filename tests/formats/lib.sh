# lib.sh: what the document tests share (source it).
#
# to_html LANG TXT: the plain text as an HTML page, the way a person would
# mark it up: each paragraph (a line; the sample corpus has one paragraph a
# line) a <p>, except a paragraph that bitext's own segmenter reads as a
# lone heading, which becomes an <h2>. Written by hand here, then given to
# pandoc and LibreOffice, whose DOCX and ODT carry those headings as
# heading styles.
to_html() {
	local lang=$1 txt=$2
	"$BITEXT" segment --lang "$lang" --kinds --paragraphs "$txt" |
		awk 'BEGIN { RS = ""; FS = "\n" } { print (NF == 1 && $1 ~ /^heading\t/) ? "h" : "p" }' >"$T/kinds.$$"
	# no <title>: pandoc would make it the document's first paragraph
	printf '<!DOCTYPE html>\n<html lang="%s">\n<head>\n<meta charset="utf-8">\n</head>\n<body>\n' "$lang"
	grep -v '^[[:space:]]*$' "$txt" | paste "$T/kinds.$$" - | awk -F '\t' '{
		t = substr($0, length($1) + 2)
		gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t); gsub(/>/, "\\&gt;", t)
		if ($1 == "h") print "<h2>" t "</h2>"; else print "<p>" t "</p>"
	}'
	printf '</body>\n</html>\n'
	rm -f "$T/kinds.$$"
}

# expect_segments LANG TXT MODE: the segments a converted file must give,
# from the plain text's own. MODE "marked" (headings where to_html put
# <h2>): the plain text's segments as they are, a heading in a paragraph
# of sentences read as a sentence. MODE "plain" (a conversion of the bare
# text, which marks no heading): the plain text's segments when it is not
# asked to guess headings from short lines (--lines join), all sentences.
expect_segments() {
	local lang=$1 txt=$2 mode=$3 lines=auto
	[ "$mode" = plain ] && lines=join
	"$BITEXT" segment --lang "$lang" --lines "$lines" --kinds --paragraphs "$txt" | awk -v mode="$mode" '
		BEGIN { RS = ""; FS = "\n" }
		{
			if (NR > 1) print ""
			for (i = 1; i <= NF; i++) {
				line = $i
				if (mode == "plain" || NF > 1) sub(/^heading\t/, "sentence\t", line)
				print line
			}
		}'
}
