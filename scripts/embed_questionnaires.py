#!/usr/bin/env python3
"""Writes Sources/StarCore/Repository/ShippedQuestionnaires+Texts.swift: the sources of the shipped
questionnaires (questionnaires/*.yaml, questionnaires/*/*.yaml) as Swift string literals, so that
`star init --questionnaires` works from the binary alone, without the source tree.

Run it after changing a shipped questionnaire; a test (ShippedQuestionnairesTests) fails until you do.
"""
from embed_texts import embed, root

embed(sorted(p for p in (root / "questionnaires").rglob("*.yaml") if "compiled" not in p.parts), script="embed_questionnaires.py",
      source="questionnaires/", extension="ShippedQuestionnaires", summary="Every shipped questionnaire source, by its path in a repository.",
      target="Sources/StarCore/Repository/ShippedQuestionnaires+Texts.swift")
