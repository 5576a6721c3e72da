"""Requirement references (``RFC6749-4.1.2``), their levels and where to read them."""

from harness.spec._refs import Level, Requirement, parse_ref, ref_url

__all__ = ["Level", "Requirement", "parse_ref", "ref_url"]
