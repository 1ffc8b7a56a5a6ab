"""One spelling of the apostrophe ("п’ять", "пʼять", "п`ять" -> "п'ять") for the rule-based stages.

``str.translate`` with a mapping looks every character up in a dict; three ``replace`` calls run in C and
are about 10x faster on the sentences the stages read.
"""

from __future__ import annotations


def straight(text: str) -> str:
    """``text`` with typographic and modifier-letter apostrophes and backticks replaced by "'"."""
    if "’" in text:
        text = text.replace("’", "'")
    if "ʼ" in text:
        text = text.replace("ʼ", "'")
    if "`" in text:
        text = text.replace("`", "'")
    return text
