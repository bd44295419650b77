#!/usr/bin/env bash
# 09_tbx_entities.sh (issue 20, item 9): TBX dropped entity text without a
# word (`Oekra&x;` was stored as `Oekra`), where TMX refuses the same with a
# clear error. Now a TBX entity declared in the file is expanded (within
# the budget of item 1) in terms and notes; one declared outside the file,
# or not at all, is refused, since its text would be missing.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
"$B" --db c.db init >/dev/null

# tbx FILE DTD NL-TERM [NOTE]: a TBX-Basic file with one concept.
tbx() {
	{
		printf '<?xml version="1.0"?>\n%s\n' "$2"
		printf '<martif type="TBX-Basic" xml:lang="nl"><text><body>\n'
		printf '<termEntry id="c1"><langSet xml:lang="nl"><tig><term>%s</term>%s</tig></langSet>' "$3" "${4:+<note>$4</note>}"
		printf '<langSet xml:lang="en"><tig><term>Ukraine</term></tig></langSet></termEntry>\n</body></text></martif>\n'
	} >"$1"
}
tbx ent.tbx '<!DOCTYPE martif [<!ENTITY x "ï&y;"><!ENTITY y "ne"><!ENTITY src "uit &quot;de Volkskrant&quot;">]>' 'Oekra&x;' '&src;'
run "tbx: entities expanded" 0 'imported 1 entries from ent.tbx: 1 new, 0 already there' '' "$B" --db c.db glossary import ent.tbx
run "tbx: the text is whole" 0 'Oekraïne	Ukraine	(uit "de Volkskrant")	[ent.tbx]' '' "$B" --db c.db glossary list

tbx ext.tbx '<!DOCTYPE martif [<!ENTITY x SYSTEM "/etc/hostname">]>' 'Oekra&x;'
run "tbx: external entity" 1 '' 'bitext: ext.tbx:4: entity &x; is declared outside the file (SYSTEM or PUBLIC): bitext reads no external entity, so its text would be missing' \
	"$B" --db c.db glossary import ext.tbx
tbx undecl.tbx '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">' 'Oekra&iuml;ne'
run "tbx: undeclared entity" 1 '' 'bitext: undecl.tbx:4: entity &iuml; is not declared in the file (bitext loads no external DTD): its text would be missing' \
	"$B" --db c.db glossary import undecl.tbx
tbx attr.tbx '<!DOCTYPE martif [<!ENTITY l "EN">]>' 'Oekraïne'
sed -i 's/<langSet xml:lang="en">/<langSet xml:lang="\&l;">/' attr.tbx
run "tbx: entity in an attribute" 0 'imported 1 entries from attr.tbx: 0 new, 1 already there' '' "$B" --db c.db glossary import attr.tbx
run "nothing else came in" 0 'Oekraïne	Ukraine	(uit "de Volkskrant")	[ent.tbx]' '' "$B" --db c.db glossary list

# TMX, as before: no entity at all
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx [<!ENTITY x "ïne">]>\n'
	printf '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="nl" datatype="plaintext"/>\n<body>\n'
	printf '<tu><tuv xml:lang="nl"><seg>Oekra&x;</seg></tuv><tuv xml:lang="en"><seg>Ukraine</seg></tuv></tu>\n</body></tmx>\n'
} >ent.tmx
run "tmx: entity refused" 1 '' 'bitext: ent.tmx:5: entity reference &x; (TMX allows only &amp; &lt; &gt; &apos; &quot;)' "$B" --db c.db import-tmx ent.tmx
finish
