#!/usr/bin/python3
"""tmx_same.py ORIGINAL EXPORT: exit 0 when every unit of ORIGINAL that has
both corpus languages (nl, en), neither empty, is in EXPORT, in order, with the same
metadata (tu and tuv attributes, props, notes) and the same <seg> content
(canonical XML: inline codes and white space exactly), and the same
<header> (attributes, props and notes; a srclang that does not name the
nl units may become the export's nl tag). bitext's own props
(x-document, x-link-type, x-score, x-date, x-manual) and a tuid bitext adds
where the original had none are allowed; tuvs of other languages must be
absent (or present and equal with --all). Prints what it compared."""
import sys
from lxml import etree

OWN = {"x-document", "x-link-type", "x-score", "x-date", "x-manual"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def lang(tuv):
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def meta(el, skip_own):
    """(tag, attributes, text) of the prop/note children, in order."""
    out = []
    for ch in el:
        if not isinstance(ch.tag, str) or ch.tag not in ("prop", "note"):
            continue
        if skip_own and ch.tag == "prop" and ch.get("type") in OWN:
            continue
        out.append((ch.tag, sorted(ch.attrib.items()), ch.text or ""))
    return out


def seg_c14n(tuv):
    seg = tuv.find("seg")
    return etree.tostring(seg, method="c14n")


def attrs(el, drop):
    return sorted((k, v) for k, v in el.attrib.items() if k not in drop)


def main():
    keep_all = "--all" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--all"]
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    orig_root = etree.parse(args[0], parser).getroot()
    exp_root = etree.parse(args[1], parser).getroot()
    orig = orig_root.find("body").findall("tu")
    exp = exp_root.find("body").findall("tu")
    errors = []
    ha, hb = orig_root.find("header"), exp_root.find("header")
    drop = set() if ha.get("srclang", "").lower()[:2] == "nl" else {"srclang"}
    if attrs(ha, drop) != attrs(hb, drop) or meta(ha, False) != meta(hb, False):
        errors.append("header %s %s, exported %s %s" % (attrs(ha, drop), meta(ha, False), attrs(hb, drop), meta(hb, False)))
    want = [tu for tu in orig if {lang(v).lower()[:2] for v in tu.findall("tuv")} >= {"nl", "en"}
            and all("".join(v.find("seg").itertext()).strip() for v in tu.findall("tuv")
                    if lang(v).lower()[:2] in ("nl", "en"))]  # bitext skips a unit with an empty side
    codes = 0
    if len(want) != len(exp):
        errors.append("units: %d in the original, %d exported" % (len(want), len(exp)))
    for i, (a, b) in enumerate(zip(want, exp)):
        drop = set() if "tuid" in a.attrib else {"tuid"}
        if attrs(a, set()) != attrs(b, drop):
            errors.append("unit %d: tu attributes %s, exported %s" % (i, attrs(a, set()), attrs(b, drop)))
        if meta(a, False) != meta(b, True):
            errors.append("unit %d: tu props/notes %s, exported %s" % (i, meta(a, False), meta(b, True)))
        seen = set()
        for va in a.findall("tuv"):
            l2 = lang(va).lower()[:2]
            corpus = l2 in ("nl", "en") and l2 not in seen
            seen.add(l2)
            vb = [v for v in b.findall("tuv") if lang(v) == lang(va)]
            if not corpus and not keep_all:
                if vb:
                    errors.append("unit %d: %s exported without --all" % (i, lang(va)))
                continue
            if len(vb) != 1:
                errors.append("unit %d: %d tuvs %s exported" % (i, len(vb), lang(va)))
                continue
            vb = vb[0]
            if attrs(va, {XML_LANG, "lang"}) != attrs(vb, {XML_LANG, "lang"}) or meta(va, False) != meta(vb, False):
                errors.append("unit %d %s: tuv metadata differ" % (i, lang(va)))
            if seg_c14n(va) != seg_c14n(vb):
                errors.append("unit %d %s: seg %r, exported %r" % (i, lang(va), seg_c14n(va), seg_c14n(vb)))
            codes += len(va.find("seg").xpath(".//*"))
    for e in errors:
        print("FAIL:", e)
    print("%d units compared, %d inline elements, %d differences" % (min(len(want), len(exp)), codes, len(errors)))
    return 1 if errors else 0


sys.exit(main())
