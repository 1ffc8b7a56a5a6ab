"""Stage 1 readers: every format on fixtures in en/uk/ru, every rejection kind, ids, order and fallbacks."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from sitroom.ingest.base import decode_bytes, normalise_date
from sitroom.ingest.markup import strip_markdown
from sitroom.ingest.sources import RecordError, document_id, iter_documents, read_jsonl, record_to_document
from sitroom.models import Document, Rejection
from sitroom.options import Options

FIX = Path(__file__).parent / "fixtures" / "sources"
OPTS = Options()


def run(*paths: str | Path, opts: Options = OPTS) -> tuple[list[Document], list[Rejection]]:
    items = list(iter_documents(list(paths), opts))
    docs = [x for x in items if isinstance(x, Document)]
    rejs = [x for x in items if isinstance(x, Rejection)]
    assert len(docs) + len(rejs) == len(items)
    return docs, rejs


def only_doc(path: Path, opts: Options = OPTS) -> Document:
    docs, rejs = run(path, opts=opts)
    assert rejs == [] and len(docs) == 1, (docs, rejs)
    return docs[0]


# --- readers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lang", "title", "needle"),
    [
        (
            "en_report.txt",
            "en",
            "Russian strike damages energy facility in Kharkiv Oblast",
            "Two workers were injured",
        ),
        ("uk_report.txt", "uk", "Обстріл Нікополя", "Сергій Лисак"),
    ],
)
def test_txt(name: str, lang: str, title: str, needle: str) -> None:
    doc = only_doc(FIX / name)
    assert doc.lang == lang and doc.title == title and needle in doc.text
    assert doc.text.startswith(title)  # the title line stays in the text
    assert doc.source == Path(name).stem and doc.published is None and doc.path == str(FIX / name)
    assert doc.doc_id == document_id(doc.text) and doc.ext_id is None


def test_md_front_matter_and_markup_ru() -> None:
    doc = only_doc(FIX / "ru_report.md")
    assert (doc.lang, doc.title, doc.published, doc.source) == (
        "ru",
        "Атака беспилотников на Белгород",
        "2024-03-16",
        "Белгородская правда",
    )
    assert (
        "По словам губернатора Вячеслава Гладкова, ночью силы ПВО сбили несколько беспилотников" in doc.text
    )
    assert "в его телеграм-канале." in doc.text
    for syntax in ("**", "](", "# ", "---", "> ", "title:"):
        assert syntax not in doc.text


def test_md_heading_title_uk() -> None:
    doc = only_doc(FIX / "uk_note.md")
    assert doc.lang == "uk" and doc.title == "Ситуація на Запоріжжі"
    assert (
        "завдав 412 ударів по 33 населених пунктах Запорізької області, повідомив Іван Федоров." in doc.text
    )


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("### Kharkiv Oblast ###", "Kharkiv Oblast"),
        ("**Russian** forces hit _Kupiansk_ and *Izium*.", "Russian forces hit Kupiansk and Izium."),
        ("See [the post](https://t.me/synegubov/1) and ![map](m.png).", "See the post and map."),
        ("The snake_case_name and 2*3*4 stay.", "The snake_case_name and 2*3*4 stay."),
        ("> Обстріл `Херсона` ~~вчора~~", "Обстріл Херсона вчора"),
    ],
)
def test_strip_markdown(markdown: str, plain: str) -> None:
    assert strip_markdown(markdown) == plain


def test_html_article_en() -> None:
    doc = only_doc(FIX / "en_page.html")
    assert doc.lang == "en" and doc.title == "Missile attack on Odesa port kills two"
    assert doc.published == "2024-04-29" and doc.source == "Example News"
    assert doc.url == "https://news.example.org/2024/04/29/odesa-port-attack"
    assert "killed two people and injured at least eight" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text  # navigation and footer left out


def test_html_short_page_uk() -> None:
    doc = only_doc(FIX / "uk_short.html")
    assert doc.lang == "uk" and doc.text == "Вибухи в Києві: працює ППО." and doc.title == "Заява ОВА"


def test_html_cp1251_declared(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Обстрел Херсона</title></head><body><p>Российские войска обстреляли Херсон, погиб мужчина.</p>"
        "</body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    doc = only_doc(path)
    assert doc.lang == "ru" and "погиб мужчина" in doc.text


def test_jsonl_good_and_bad_lines() -> None:
    docs, rejs = run(FIX / "mixed.jsonl")
    assert [d.ext_id for d in docs] == ["r1", "r2", "r3", "6"]
    r1, r2, r3, r6 = docs
    assert (r1.lang, r1.source, r1.published, r1.url) == (
        "en",
        "Kherson OVA",
        "2024-02-10",
        "https://example.org/r1",
    )
    assert (r2.lang, r2.source, r2.published) == ("uk", "mixed", "2024-02-11")
    assert r3.lang == "ru"  # "lang": "de" is dropped on ingest and the language detected
    assert r6.published == "2024-02-12"  # "date" read as "published", datetime cut to the day
    path = str(FIX / "mixed.jsonl")
    assert [(r.path, r.reason) for r in rejs] == [
        (f"{path}:5", "bad_json"),
        (f"{path}:6", "empty"),
        (f"{path}:7", "bad_json"),
    ]


def test_telegram_export() -> None:
    docs, rejs = run(FIX / "result.json")
    assert rejs == []
    assert [d.ext_id for d in docs] == ["2", "4", "5"]  # service and photo-only messages skipped
    assert all(d.source == "Запорізька ОВА" for d in docs)
    assert [d.published for d in docs] == ["2024-03-01", "2024-03-02", "2024-03-02"]
    assert docs[0].url == "https://t.me/zoda_gov_ua/2"
    assert docs[1].text == "Оновлено: кількість поранених зросла до 5. Деталі — на сайті."
    assert [d.lang for d in docs] == ["uk", "uk", "en"]


def test_telegram_account_export_without_username(tmp_path: Path) -> None:
    chat = {
        "name": "Рыбарь",
        "type": "public_channel",
        "id": 1,
        "messages": [
            {
                "id": 77,
                "type": "message",
                "date": "2024-01-05T23:10:00",
                "text": "На Купянском направлении продолжаются бои.",
            },
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"chats": {"list": [chat]}}, ensure_ascii=False), encoding="utf-8")
    doc = only_doc(path)
    assert (doc.source, doc.lang, doc.url, doc.ext_id, doc.published) == (
        "Рыбарь",
        "ru",
        None,
        "77",
        "2024-01-05",
    )


def test_rss_ru() -> None:
    docs, rejs = run(FIX / "feed_ru.rss")
    assert rejs == [] and len(docs) == 2
    first, headline_only = docs
    assert (
        first.source == "Новости региона"
        and first.lang == "ru"
        and first.title == "В Брянской области сбит беспилотник"
    )
    assert first.published == "2024-05-18"  # the publisher's local day, not UTC (17 May 22:30)
    assert (
        first.text
        == "Над Брянской областью ночью уничтожен украинский беспилотник, сообщил губернатор Александр Богомаз.\nПострадавших нет."
    )
    assert first.url == first.ext_id == "https://news.example.ru/2024/05/18/1"
    assert headline_only.text == "Обстрел села в Курской области"


def test_atom_en_uk() -> None:
    docs, rejs = run(FIX / "feed_en.atom")
    assert rejs == []
    assert [(d.lang, d.published, d.ext_id) for d in docs] == [
        ("en", "2024-05-17", "urn:example:desk:1001"),
        ("uk", "2024-05-18", "urn:example:desk:1002"),
    ]
    assert docs[0].url == "https://desk.example.com/drone-attack-kyiv-oblast"
    assert "<p>" not in docs[0].text and docs[0].text.startswith("Air defence destroyed 20 Shahed drones")


def test_feed_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "feed"
    shutil.copy(FIX / "feed_en.atom", path)
    docs, rejs = run(path)
    assert rejs == [] and len(docs) == 2


# --- rejections ---------------------------------------------------------------------------------------------


def _reasons(*paths: str | Path, opts: Options = OPTS) -> list[tuple[str, str]]:
    return [(Path(r.path).name, r.reason) for r in run(*paths, opts=opts)[1]]


def test_too_large_checked_before_reading() -> None:
    docs, rejs = run(FIX / "en_report.txt", opts=Options(max_file_bytes=100))
    assert docs == [] and [r.reason for r in rejs] == ["too_large"]
    assert "> limit 100" in rejs[0].detail


@pytest.mark.parametrize(
    "payload",
    [
        b"Obstril\x00\x00\x01\x02binary",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    ],
)
def test_binary(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(payload)
    assert _reasons(path) == [("report.txt", "binary")]


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Уночі ворог обстріляв Херсон, є загиблі та поранені серед цивільних.", "cp1251"),
        ("Ночью противник обстрелял Белгород, есть пострадавшие среди мирных жителей.", "cp1251"),
        ("Ночью противник обстрелял Белгород, есть пострадавшие среди мирных жителей.", "koi8_r"),
        ("Уночі ворог обстріляв Херсон, є загиблі та поранені серед цивільних.", "koi8_u"),
    ],
)
def test_legacy_cyrillic_decoded(tmp_path: Path, text: str, codec: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(codec))
    assert only_doc(path).text == text


@pytest.mark.parametrize(
    "payload",
    [
        "Le bombardement a touché la ville, selon le préfet. Café, élève, déjà vu.".encode("latin-1"),
        "ウクライナ東部で戦闘が続いている".encode("shift_jis"),
    ],
)
def test_bad_encoding(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(payload)
    assert _reasons(path) == [("report.txt", "bad_encoding")]


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes("Обстріл Сум: двоє поранених.".encode("utf-16"))
    assert only_doc(path).text == "Обстріл Сум: двоє поранених."


def test_fixture_rejections() -> None:
    assert _reasons(
        FIX / "truncated.json",
        FIX / "other.json",
        FIX / "broken.rss",
        FIX / "empty.txt",
        FIX / "blank.md",
        FIX / "empty_text.html",
        FIX / "notes.csv",
        FIX / "no_such_file.txt",
    ) == [
        ("truncated.json", "bad_json"),
        ("other.json", "unsupported"),
        ("broken.rss", "parse_error"),
        ("empty.txt", "empty"),
        ("blank.md", "empty"),
        ("empty_text.html", "parse_error"),
        ("notes.csv", "unsupported"),
        ("no_such_file.txt", "unreadable"),
    ]


def test_missing_folder_and_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    xml = tmp_path / "gazetteer.xml"
    xml.write_text("<?xml version='1.0'?><places><place>Kyiv</place></places>", encoding="utf-8")
    assert _reasons(tmp_path / "nowhere", xml) == [
        ("nowhere", "unreadable"),
        ("gazetteer.xml", "unsupported"),
    ]


def test_unreadable_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Обстріл", encoding="utf-8")
    path.chmod(0)
    if os.name != "posix" or os.geteuid() == 0:
        # Root (CI) reads files whatever their mode: the refusal the kernel gives everyone else is injected.
        real_open = Path.open

        def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    assert _reasons(path) == [("secret.txt", "unreadable")]
    assert run(path)[1][0].detail == "Permission denied"


def test_reader_crash_is_a_rejection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitroom.ingest.sources as sources

    def boom(path: Path, text: str, opts: Options) -> list[Document]:
        raise RuntimeError("library bug")

    monkeypatch.setitem(sources._TEXT_READERS, ".txt", boom)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.md").write_text("Обстріл Сум", encoding="utf-8")
    docs, rejs = run(tmp_path)
    assert [(r.reason, r.detail) for r in rejs] == [("parse_error", "RuntimeError: library bug")]
    assert [d.text for d in docs] == ["Обстріл Сум"]


# --- folders, ids, fallbacks ------------------------------------------------------------------------------


def test_folder_walk_is_sorted_recursive_and_skips_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Obstril two", encoding="utf-8")
    (tmp_path / "a" / "z.md").write_text("Kherson struck", encoding="utf-8")
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    (tmp_path / "0.txt").write_text("Sumy shelled", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("git", encoding="utf-8")
    first = run(tmp_path)
    assert first[1] == []
    assert [Path(d.path or "").relative_to(tmp_path).as_posix() for d in first[0]] == [
        "0.txt",
        "a/z.md",
        "b/2.txt",
    ]
    assert run(tmp_path) == first
    # Named explicitly, an unknown extension is rejected instead of skipped.
    assert _reasons(tmp_path / "a" / "photo.jpg") == [("photo.jpg", "binary")]


def test_fixture_folder_is_deterministic() -> None:
    assert list(iter_documents([FIX], OPTS)) == list(iter_documents([str(FIX)], OPTS))


def test_document_id_stability() -> None:
    a = "Уночі ворог атакував Запоріжжя.\n\nПошкоджено будинок."
    assert document_id(a) == document_id("  Уночі ворог  атакував Запоріжжя.\r\nПошкоджено будинок. ")
    assert document_id(a) == document_id(a.replace("й", "и\u0306"))  # NFC and NFD spell one text
    assert document_id(a) != document_id(a.replace("будинок", "будинки"))
    # Pinned: stored ids must not change between versions, or re-ingest would duplicate everything.
    assert document_id("Russian forces shelled Kherson.") == "d7624bffb7bf86ecc"


def test_reingest_same_content_same_id(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Russian forces shelled Kherson.\n", encoding="utf-8")
    (tmp_path / "two.md").write_text("Russian forces shelled   Kherson.", encoding="utf-8")
    docs, _ = run(tmp_path)
    assert docs[0].doc_id == docs[1].doc_id


def test_options_fallbacks(tmp_path: Path) -> None:
    opts = Options(published="2024-05-01", source="Desk", lang="ru")
    doc = only_doc(FIX / "uk_report.txt", opts=opts)
    assert (doc.published, doc.source, doc.lang) == ("2024-05-01", "Desk", "ru")
    # The source's own metadata wins over the options.
    md = only_doc(FIX / "ru_report.md", opts=Options(published="2024-05-01", source="Desk"))
    assert (md.published, md.source) == ("2024-03-16", "Белгородская правда")
    jsonl_docs, _ = run(FIX / "mixed.jsonl", opts=opts)
    assert [d.published for d in jsonl_docs] == ["2024-02-10", "2024-02-11", "2024-05-01", "2024-02-12"]
    assert [d.lang for d in jsonl_docs] == ["ru", "uk", "ru", "ru"]  # record lang wins, else the option


# --- read_jsonl (sitroom extract) ---------------------------------------------------------------------------


def test_read_jsonl_records_and_errors() -> None:
    lines = [
        '{"id": "a", "text": "Обстріл Херсона", "published": "2024-02-10", "lang": "UK"}',
        "",
        '{"id": "b", "text": "x", "published": "10.02.2024"}',
        '{"id": ["b"], "text": "x"}',
        '{"id": "c", "text": "x", "lang": "de"}',
        '{"id": "d", "text": "   "}',
        '{"id": "e"}',
        '{"id": "f", "text": "x", "published": "2024-02-30"}',
        '{"id": "g", "text": "x", "url": 5}',
        "not json",
        '"just a string"',
        '{"text": "Ночью сбиты три беспилотника"}',
        '{"id": 42, "text": "x"}',
    ]
    out = list(read_jsonl(io.StringIO("\n".join(lines) + "\n"), name="in.jsonl"))
    assert [n for n, _ in out] == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    ok = {n: r for n, r in out if isinstance(r, dict)}
    errors = {n: r for n, r in out if isinstance(r, RecordError)}
    assert sorted(ok) == [1, 12, 13]
    assert ok[1] == {
        "id": "a",
        "text": "Обстріл Херсона",
        "published": "2024-02-10",
        "title": None,
        "url": None,
        "source": None,
        "lang": "uk",
    }
    assert ok[12]["id"] == document_id("Ночью сбиты три беспилотника")
    assert ok[13]["id"] == "42"
    expected = {
        3: '"published" must be a date YYYY-MM-DD',
        4: '"id" must be a non-empty string',
        5: '"lang" must be one of en, uk, ru',
        6: '"text" is empty',
        7: 'missing "text"',
        8: '"published" must be a date YYYY-MM-DD',
        9: '"url" must be a string',
        10: "not valid JSON",
        11: "expected a JSON object",
    }
    assert sorted(errors) == sorted(expected)
    for n, fragment in expected.items():
        assert errors[n].lineno == n and fragment in errors[n].message
        assert str(errors[n]).startswith(f"in.jsonl:{n}: ")


def test_record_to_document() -> None:
    rec = {
        "id": "x1",
        "text": "Ночью сбиты три беспилотника",
        "published": None,
        "title": None,
        "url": None,
        "source": None,
        "lang": None,
    }
    doc = record_to_document(rec, Options(published="2024-01-02"))
    assert (doc.ext_id, doc.lang, doc.published, doc.source) == ("x1", "ru", "2024-01-02", "unknown")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-03-01", "2024-03-01"),
        ("2024-03-01T23:50:00+03:00", "2024-03-01"),
        ("Sat, 18 May 2024 01:30:00 +0300", "2024-05-18"),
        ("2024-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_normalise_date(value: str | None, day: str | None) -> None:
    assert normalise_date(value) == day


def test_decode_bytes_utf8_bom() -> None:
    assert decode_bytes("\ufeffОбстріл".encode()) == "Обстріл"


def test_unreadable_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Обстріл Сум", encoding="utf-8")

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    docs, rejs = run(path)
    assert docs == [] and [(r.reason, r.detail) for r in rejs] == [("unreadable", "Permission denied")]
