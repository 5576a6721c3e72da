"""Families of hostile inputs for the scenarios that attack a server, and the bounded,
reproducible search that runs a judgement over them (Hypothesis, seeded with real payloads)."""

from harness.attacks._authorization_header import CORPUS as HEADER_CORPUS
from harness.attacks._authorization_header import HeaderForm
from harness.attacks._authorization_header import generated as header_forms
from harness.attacks._explore import budget, budget_override, explore
from harness.attacks._mutation import ATTACKER_HOST, Mutation, Sent
from harness.attacks._redirect_uri import corpus, generated
from harness.attacks._token_inputs import (
    BODY_CORPUS,
    FORGERY_CORPUS,
    VERIFIER_CORPUS,
    forged,
    forgeries,
    malformed_verifiers,
    token_bodies,
)

__all__ = [
    "ATTACKER_HOST",
    "BODY_CORPUS",
    "FORGERY_CORPUS",
    "HEADER_CORPUS",
    "VERIFIER_CORPUS",
    "HeaderForm",
    "Mutation",
    "Sent",
    "budget",
    "budget_override",
    "corpus",
    "explore",
    "forged",
    "forgeries",
    "generated",
    "header_forms",
    "malformed_verifiers",
    "token_bodies",
]
