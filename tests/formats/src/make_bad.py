"""make_bad.py OUTDIR FEATURES_DOCX: the damaged and hostile files of
tests/formats/fixtures/bad/ (run by make_fixtures.sh; committed).

Each is as small as it can be while being what it claims: a DOCX without
its main part, one whose entry declares 1 GiB, a zip bomb whose entry
lies about its size, XML that is not well-formed, a DTD declaring an
entity, OLE2 files (a legacy .doc, an encrypted OOXML package), an
encrypted ODT, a truncated zip."""
import struct
import sys
import zipfile
import zlib

out, features = sys.argv[1], sys.argv[2]

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
      'wordprocessingml.document.main+xml"/></Types>\n')
RELS = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>\n')
FIXED = (2024, 3, 1, 0, 0, 0)


def docx(path, document=None, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, 'w', method) as z:
        for name, data in (('[Content_Types].xml', CT), ('_rels/.rels', RELS), ('word/document.xml', document)):
            if data is not None:
                z.writestr(zipfile.ZipInfo(name, FIXED), data, compress_type=method)


def body(text):
    return '<?xml version="1.0"?>\n<w:document %s><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>\n' % (W, text)


def patch_sizes(path, entry, size):
    """Writes `size` as the uncompressed size of `entry` in both its local
    header and the central directory."""
    data = bytearray(open(path, 'rb').read())
    name = entry.encode()
    i = 0
    while True:
        i = data.find(b'PK\x03\x04', i)
        if i < 0:
            break
        n = struct.unpack_from('<H', data, i + 26)[0]
        if data[i + 30:i + 30 + n] == name:
            struct.pack_into('<I', data, i + 22, size)
        i += 4
    i = 0
    while True:
        i = data.find(b'PK\x01\x02', i)
        if i < 0:
            break
        n = struct.unpack_from('<H', data, i + 28)[0]
        if data[i + 46:i + 46 + n] == name:
            struct.pack_into('<I', data, i + 24, size)
        i += 4
    open(path, 'wb').write(data)


docx(out + '/no-document.docx')
docx(out + '/huge-entry.docx', body('x'))
patch_sizes(out + '/huge-entry.docx', 'word/document.xml', 1 << 30)
# 300 MiB of text inflating from a few hundred KiB, declared as 100 bytes
big = body('a' * (300 << 20))
docx(out + '/bomb.docx', big)
patch_sizes(out + '/bomb.docx', 'word/document.xml', 100)
docx(out + '/bad-xml.docx', '<?xml version="1.0"?>\n<w:document %s><w:body>\n<w:p><w:r><w:t>open</w:r></w:p>\n</w:body></w:document>\n' % W)
docx(out + '/entity.docx', '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
     '<w:document %s><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>\n' % W)

# OLE2 compound files: the signature, a sector of header, then directory
# entries naming their streams in UTF-16LE (only the names matter here)
def ole2(path, streams):
    head = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(504)
    dirs = b''.join(s.encode('utf-16-le').ljust(64, b'\0') + bytes(64) for s in streams)
    open(path, 'wb').write(head + dirs.ljust(512, b'\0'))


ole2(out + '/legacy.doc', ['Root Entry', 'WordDocument', '1Table'])
ole2(out + '/encrypted.docx', ['Root Entry', 'EncryptionInfo', 'EncryptedPackage'])

with zipfile.ZipFile(out + '/encrypted.odt', 'w') as z:
    z.writestr(zipfile.ZipInfo('mimetype', FIXED), 'application/vnd.oasis.opendocument.text', compress_type=zipfile.ZIP_STORED)
    z.writestr(zipfile.ZipInfo('META-INF/manifest.xml', FIXED),
               '<?xml version="1.0"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
               '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
               '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
               '</manifest:file-entry></manifest:manifest>\n')
    z.writestr(zipfile.ZipInfo('content.xml', FIXED), zlib.compress(b'not xml'))

open(out + '/truncated.docx', 'wb').write(open(features, 'rb').read()[:1500])
