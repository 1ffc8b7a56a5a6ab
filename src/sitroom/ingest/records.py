"""Record-shaped inputs: JSON Lines records (``sitroom extract`` and ingest) and Telegram Desktop exports.

JSON Lines record (contracts/CLI.md): ``{"id", "text", "published"?, "title"?, "url"?, "source"?, "lang"?}``.
``read_jsonl`` validates each line and yields either a normalised record (all seven keys present, ``None``
where absent) or a ``RecordError`` naming the line and how to fix it. Decisions beyond the contract:

* A missing ``id`` is not an error: datasets such as ISW's have none. The id becomes the content hash
  (``document_id(text)``), which is stable across runs and re-orderings, unlike a line number.
* An integer ``id`` is accepted and turned into its string (``{"id": 7}`` is a common export); any other
  non-string id (float, bool, list, object) is an error.
* ``published`` may be a date or an ISO datetime (the day is kept); ``"date"`` is read when ``"published"``
  is absent. Anything else that is not a real YYYY-MM-DD day is an error, not silently dropped: a wrong date
  would misdate every event of the document.
* ``lang`` must be en/uk/ru (case-insensitive). ``strict=False`` (ingest) drops an unknown lang and lets the
  detector decide instead of losing the document.

Telegram Desktop "Export chat history" (JSON) writes ``result.json``: one chat ``{"name", "type", "id",
"messages": [...]}`` or a whole-account export ``{"chats": {"list": [chat, ...]}}``. A message's ``text`` is a
string or a list of strings and entity dicts (``{"type": "bold", "text": "..."}``). Service messages and
messages without text (photo only) are skipped; each other message is one Document.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from sitroom.ingest.base import Reject, clean_text, document_id, make_document, normalise_date
from sitroom.ingest.lang import LANGS
from sitroom.models import Document, Rejection
from sitroom.options import Options

RECORD_KEYS = ("id", "text", "published", "title", "url", "source", "lang")
TOO_DEEP = "JSON nested too deeply (about 1,000 levels of arrays or objects or more)"
_OPTIONAL_STR = ("title", "url", "source")


class RecordError(ValueError):
    """A malformed JSON Lines record: the 1-based line number, a message saying what to fix, a reason code."""

    def __init__(self, lineno: int, message: str, reason: str = "bad_json", name: str = "-") -> None:
        super().__init__(f"{name}:{lineno}: {message}")
        self.lineno = lineno
        self.message = message
        self.reason = reason  # bad_json | empty (the Rejection reason code)
        self.name = name


def _type_name(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", type(None): "null"}.get(
        type(value), f"a {type(value).__name__}"
    )


def validate_record(obj: object, lineno: int, name: str = "-", strict: bool = True) -> dict[str, Any]:
    """One parsed JSON value -> normalised record dict; raises RecordError (see module docstring)."""

    def fail(message: str, reason: str = "bad_json") -> RecordError:
        return RecordError(lineno, message, reason, name)

    if not isinstance(obj, dict):
        raise fail(f'expected a JSON object like {{"id": "...", "text": "..."}}, got {_type_name(obj)}')
    text = obj.get("text")
    if text is None:
        raise fail('missing "text": each record needs a non-empty "text" string', "empty")
    if not isinstance(text, str):
        raise fail(f'"text" must be a string, got {_type_name(text)}')
    text = clean_text(text)
    if not text:
        raise fail('"text" is empty: each record needs a non-empty "text" string', "empty")
    rec: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    rec["text"] = text
    rid = obj.get("id")
    if rid is None:
        rid = document_id(text)
    elif isinstance(rid, int) and not isinstance(rid, bool):
        rid = str(rid)
    elif not isinstance(rid, str) or not rid.strip():
        raise fail(
            f'"id" must be a non-empty string, got {_type_name(rid) if rid != "" else "an empty string"}'
        )
    rec["id"] = rid
    published = obj.get("published", obj.get("date"))
    if published is not None and published != "":
        day = normalise_date(published) if isinstance(published, str) else None
        if day is None:
            raise fail(
                f'"published" must be a date YYYY-MM-DD, got {json.dumps(published, ensure_ascii=False)}'
            )
        rec["published"] = day
    for key in _OPTIONAL_STR:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise fail(f'"{key}" must be a string, got {_type_name(value)}')
        rec[key] = value.strip() or None
    lang = obj.get("lang")
    if lang is not None:
        code = lang.strip().lower() if isinstance(lang, str) else None
        if code in LANGS:
            rec["lang"] = code
        elif strict:
            shown = json.dumps(lang, ensure_ascii=False)
            raise fail(f'"lang" must be one of en, uk, ru, got {shown} (leave it out to detect the language)')
    return rec


def read_jsonl(
    stream: TextIO, name: str = "-", strict: bool = True
) -> Iterator[tuple[int, dict[str, Any] | RecordError]]:
    """Yield (1-based line number, record or RecordError) for each non-blank line of ``stream``."""
    for lineno, line in enumerate(stream, 1):
        if lineno == 1:
            line = line.lstrip("\ufeff")  # a UTF-8 BOM read as text (Windows editors, PowerShell)
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield (
                lineno,
                RecordError(
                    lineno,
                    f"not valid JSON: {exc.msg} (column {exc.colno}); each line must be one complete JSON object",
                    "bad_json",
                    name,
                ),
            )
            continue
        except RecursionError:
            # json's decoder recurses per nesting level: "[[[[..." a million deep must cost this line only.
            yield lineno, RecordError(lineno, TOO_DEEP, "bad_json", name)
            continue
        try:
            yield lineno, validate_record(obj, lineno, name, strict)
        except RecordError as err:
            yield lineno, err


def record_to_document(rec: dict[str, Any], opts: Options, path: Path | None = None) -> Document:
    """A validated record -> Document (doc_id = content hash, ext_id = the record's id)."""
    return make_document(
        rec["text"],
        opts,
        path,
        source=rec.get("source"),
        published=rec.get("published"),
        lang=rec.get("lang"),
        title=rec.get("title"),
        url=rec.get("url"),
        ext_id=rec.get("id"),
    )


def read_jsonl_file(path: Path, text: str, opts: Options) -> Iterator[Document | Rejection]:
    """Ingest a .jsonl file: good lines -> Documents, each bad line -> Rejection("path:line", ...)."""
    # StringIO splits on \n only: JSON strings may hold a raw U+2028, which str.splitlines() would cut at.
    produced = False
    for lineno, item in read_jsonl(io.StringIO(text), str(path), strict=False):
        produced = True
        if isinstance(item, RecordError):
            yield Rejection(f"{path}:{lineno}", item.reason, item.message)
        else:
            yield record_to_document(item, opts, path)
    if not produced:
        # Only blank lines (whitespace the byte check does not see, e.g. U+001C or U+2003): say so.
        raise Reject("empty", "no JSON Lines records, only blank lines")


# --- Telegram Desktop export -------------------------------------------------------------------------------


def _telegram_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict) else ""
            for part in value
        )
    return ""


def is_telegram_export(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("messages"), list):
        return True
    chats = data.get("chats")
    return isinstance(chats, dict) and isinstance(chats.get("list"), list)


def _telegram_chats(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if isinstance(data.get("messages"), list):
        yield data
    chats = data.get("chats")
    if isinstance(chats, dict):
        for chat in chats.get("list") or []:
            if isinstance(chat, dict) and isinstance(chat.get("messages"), list):
                yield chat


def read_telegram(path: Path, data: dict[str, Any], opts: Options) -> Iterator[Document]:
    """One Document per text message of each chat in a Telegram Desktop JSON export."""
    produced = False
    for chat in _telegram_chats(data):
        channel = chat.get("name") if isinstance(chat.get("name"), str) else None
        # Desktop exports carry no @username; some tools add one. Without it there is no public link.
        username = chat.get("username") if isinstance(chat.get("username"), str) else None
        username = username.lstrip("@") if username else None
        for msg in chat["messages"]:
            if not isinstance(msg, dict) or msg.get("type", "message") != "message":
                continue
            text = clean_text(_telegram_text(msg.get("text")) or _telegram_text(msg.get("text_entities")))
            if not text:
                continue
            mid = msg.get("id")
            mid = str(mid) if isinstance(mid, int | str) and not isinstance(mid, bool) else None
            produced = True
            yield make_document(
                text,
                opts,
                path,
                source=channel,
                published=normalise_date(msg.get("date")),
                url=f"https://t.me/{username}/{mid}" if username and mid else None,
                ext_id=mid,
            )
    if not produced:
        raise Reject("empty", "Telegram export without text messages")
