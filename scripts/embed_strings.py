#!/usr/bin/env python3
"""Writes Sources/StarCore/Support/StringTables+Texts.swift: the files strings/<language>.yaml (star's own
report and form texts, one file per language) as Swift string literals, so that the `star` binary carries
every language without any file beside it.

Run it after adding or changing a file under strings/; a test (StringTablesTests) fails until you do.
"""
from embed_texts import embed, root

embed(sorted((root / "strings").glob("*.yaml")), script="embed_strings.py", source="strings/", extension="StringTables",
      summary="Every file of strings/, by its path in star's source tree.", target="Sources/StarCore/Support/StringTables+Texts.swift")
