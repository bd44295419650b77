#!/usr/bin/env bash
# 01_entities.sh (issue 20, item 1): entity amplification in the XML
# readers. A 65 KB SRX with one 50 KB internal entity referenced 5,000
# times ran 17-25 s and took 2.2 GB before it failed, printing the
# entity's text and no reason. Now every reader that expands entities (SRX,
# TBX) lets the references of a file add at most its own size plus 1 MiB,
# and refuses beyond that at once, with one line that says why and holds no
# entity text. TMX declares no entities at all (item 9 checks it refuses
# them); libxml2 itself refuses nested blow-ups (billion laughs).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

# rules FILE DTD BEFORE AFTER [TITLE]: an SRX 2.0 file with one rule, the
# DTD's internal subset DTD (empty: no DOCTYPE), TITLE an attribute of the
# language map.
rules() {
	{
		printf '<?xml version="1.0"?>\n'
		[ -n "$2" ] && printf '<!DOCTYPE srx [%s]>\n' "$2"
		printf '<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="yes"/>\n'
		printf '<body><languagerules><languagerule languagerulename="x">\n'
		printf '<rule break="yes"><beforebreak>%s</beforebreak><afterbreak>%s</afterbreak></rule>\n' "$3" "$4"
		printf '</languagerule></languagerules>\n'
		printf '<maprules><languagemap languagepattern=".*" languagerulename="x" title="%s"/></maprules></body></srx>\n' "${5:-}"
	} >"$1"
}
budget() { # the message for FILE at LINE
	echo "bitext: $1:$2: entity references expand to more than $(($(stat -c %s "$1") + 1048576)) bytes, the most this file may hold (its own size plus 1 MiB): not read (an entity expansion attack?)"
}
fifty=$(head -c 50000 /dev/zero | tr '\0' a)
refs=$(yes '&e;' | head -n 5000 | tr -d '\n')
echo "Een zin. Nog een." >t.txt

# ---- SRX: the probe's file
rules blow.srx "<!ENTITY e \"$fifty\">" "$refs" '\s'
measure "$B" segment --lang nl --srx blow.srx t.txt
[ "$M_CODE" = 1 ] && ok || bad "srx blow-up: exit $M_CODE, want 1"
match "srx blow-up message" "$(budget blow.srx 5)" "$T/m.err" && ok
limits "srx blow-up" 5 200
grep -q aaaaaaaaaa "$T/m.err" && bad "srx blow-up: the message holds the entity's text" || ok

# the same in an attribute (libxml2 expands those on reading)
rules attr.srx "<!ENTITY e \"$fifty\">" '\.' '\s' "$refs"
measure "$B" segment --lang nl --srx attr.srx t.txt
[ "$M_CODE" = 1 ] && ok || bad "srx attribute blow-up: exit $M_CODE, want 1"
match "srx attribute blow-up message" "$(budget attr.srx 7)" "$T/m.err" && ok
limits "srx attribute blow-up" 5 200

# nested entities (billion laughs): libxml2 refuses them before we look
lol='<!ENTITY a "aaaaaaaaaa">'
for x in b c d e f g h; do
	p=$(printf '%s' "$lol" | sed -n 's/.*<!ENTITY \(.\) [^>]*>$/\1/p')
	lol="$lol<!ENTITY $x \"$(printf "&$p;%.0s" 1 2 3 4 5 6 7 8 9 10)\">"
done
rules lol.srx "$lol" '&h;' '\s'
measure "$B" segment --lang nl --srx lol.srx t.txt
[ "$M_CODE" = 1 ] && ok || bad "srx billion laughs: exit $M_CODE, want 1"
match "srx billion laughs message" "bitext: lol.srx:5: not well-formed XML: Detected an entity reference loop" "$T/m.err" && ok
limits "srx billion laughs" 5 200

# a file that uses entities within the budget works, their text included
rules small.srx '<!ENTITY dot "\."><!ENTITY sp "\s">' '&dot;' '&sp;'
run "srx small entities" 0 "Een zin.
Nog een." '' "$B" segment --lang nl --srx small.srx t.txt
# and the budget counts what a file may hold, not one entity: 600 KB of
# entity text in a 1 KB file (under 1 MiB) is read
rules ok.srx "<!ENTITY e \"$(head -c 60000 /dev/zero | tr '\0' b)\">" "$(printf '&e;%.0s' 1 2 3 4 5 6 7 8 9 10)X" '\s'
run "srx within budget" 0 "Een zin. Nog een." '' "$B" segment --lang nl --srx ok.srx t.txt

# ---- TBX: the same blow-up in a term
{
	printf '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY e "%s">]>\n' "$fifty"
	printf '<martif type="TBX-Basic" xml:lang="nl"><text><body>\n'
	printf '<termEntry id="c1"><langSet xml:lang="nl"><tig><term>%s</term></tig></langSet>' "$refs"
	printf '<langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry>\n</body></text></martif>\n'
} >blow.tbx
"$B" --db g.db init >/dev/null
measure "$B" --db g.db glossary import blow.tbx
[ "$M_CODE" = 1 ] && ok || bad "tbx blow-up: exit $M_CODE, want 1"
match "tbx blow-up message" "$(budget blow.tbx 4)" "$T/m.err" && ok
limits "tbx blow-up" 5 200
run "tbx blow-up leaves no entry" 0 '' '' "$B" --db g.db glossary list
finish
