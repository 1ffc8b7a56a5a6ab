"""Stage 2: paragraphs, headings, boilerplate, reader comments, duplicates, sentences (en/uk/ru)."""

from __future__ import annotations

import pytest

from sitroom.models import Document
from sitroom.reading.passages import (
    Deduplicator,
    comment_thread_start,
    passage_id,
    segment,
    split_paragraphs,
    split_sentences,
)

ROUNDUP = """Kharkiv Oblast:
Russian forces shelled Kupiansk overnight, killing two civilians and injuring five, Governor Oleh Syniehubov said.
Russian forces shelled Kupiansk overnight, killing two civilians and injuring five, Governor Oleh Syniehubov said.
More at the link
Zaporizhzhia:
Російські війська завдали удару по Запоріжжю керованими авіабомбами, поранено трьох людей.
47 Comments
Mike_K
Great summary as always, thanks!
@Mike_K: agreed, Slava Ukraini
Olena
Thank you for doing this every night
"""


def _doc(text: str, doc_id: str = "d1") -> Document:
    return Document(doc_id=doc_id, text=text, published="2024-03-28")


def test_roundup_page_labels() -> None:
    ps = segment(_doc(ROUNDUP))
    kinds = [(p.kind, p.section) for p in ps]
    assert kinds[0] == ("heading", None)
    assert kinds[1] == ("body", "Kharkiv Oblast")
    assert ps[2].duplicate_of == ps[1].passage_id  # the lede pasted twice
    assert ps[3].kind == "boilerplate"
    assert ps[4].kind == "heading" and ps[5].section == "Zaporizhzhia"
    assert {p.kind for p in ps[6:]} == {"comment"}


def test_offsets_point_into_the_document() -> None:
    doc = _doc(ROUNDUP)
    for p in segment(doc):
        assert doc.text[p.start : p.end] == p.text


def test_comment_thread_without_header() -> None:
    paras = [
        "Russian drones struck Odesa overnight, damaging port infrastructure, the regional head said.",
        "The Air Force said 24 of 28 Shahed drones were shot down.",
        "Dmytro K.",
        "@Anna: same here, thanks for the update",
        "Reply",
        "Thanks!",
    ]
    assert comment_thread_start(paras) == 2


def test_no_comment_thread_in_plain_report() -> None:
    paras = [
        "У ніч на 28 березня росіяни атакували Київ ударними дронами.",
        "Загинули двоє людей, ще п'ятеро поранені, повідомив Кличко.",
        "Сили ППО збили 12 із 14 дронів.",
    ]
    assert comment_thread_start(paras) is None


def test_hard_wrapped_text_is_joined() -> None:
    text = (
        "Russian forces launched a missile strike on the city of Dnipro on Friday morning, hitting\n"
        "an apartment block in the city centre.\n\nSecond paragraph here."
    )
    spans = split_paragraphs(text)
    assert len(spans) == 2
    assert text[spans[0][0] : spans[0][1]].endswith("city centre.")


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "У ніч на 28 березня росіяни атакували м. Київ дронами. Загинули двоє людей.",
            ["У ніч на 28 березня росіяни атакували м. Київ дронами.", "Загинули двоє людей."],
        ),
        (
            "Ночью 5 марта ВСУ атаковали г. Белгород. Пострадали три человека.",
            ["Ночью 5 марта ВСУ атаковали г. Белгород.", "Пострадали три человека."],
        ),
        (
            "U.S. officials said Gen. Syrskyi visited the front. Two soldiers were wounded.",
            ["U.S. officials said Gen. Syrskyi visited the front.", "Two soldiers were wounded."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_near_duplicate_across_documents() -> None:
    wire = (
        "Russian forces struck the city of Sumy with guided aerial bombs on Tuesday, killing four people "
        "and injuring at least 19, the regional military administration said."
    )
    variant = wire.replace("at least 19", "at least 19 others")
    dedup = Deduplicator(0.8)
    a = dedup.mark(segment(_doc(wire, "a")))
    b = dedup.mark(segment(_doc(variant, "b")))
    assert a[0].duplicate_of is None
    assert b[0].duplicate_of == a[0].passage_id


def test_short_passages_are_not_fuzzy_matched() -> None:
    dedup = Deduplicator(0.8)
    a = dedup.mark(segment(_doc("Kharkiv: 2 killed in shelling.", "a")))
    b = dedup.mark(segment(_doc("Kherson: 2 killed in shelling.", "b")))
    assert a[0].duplicate_of is None and b[0].duplicate_of is None


def test_passage_id_normalises_whitespace_and_case() -> None:
    assert passage_id("Russian  forces\nshelled Nikopol") == passage_id("russian forces shelled nikopol")


def test_headline_only_record_is_body_not_heading() -> None:
    doc = Document(doc_id="h", text="У Ніжині ракетним ударом знищено пункт управління аеродромом", lang="uk")
    assert [p.kind for p in segment(doc)] == ["body"]


def test_page_title_repeated_as_first_line_is_context() -> None:
    title = "War roundup for August 9: explosions at Saky airbase"
    doc = Document(doc_id="t", text=f"{title}\n\nA series of large explosions hit the Saky airbase on Tuesday.",
                   title=title)
    assert [p.kind for p in segment(doc)] == ["heading", "body"]


def test_embedded_post_byline_is_boilerplate_and_keeps_the_section() -> None:
    text = ("Crimea:\n\nHuge explosions at the airfield near Novofedorivka.\n\n"
            "— Crimean Wind (@Crimean_Wind) August 9, 2022\n\nSmoke rose over the base.")
    kinds = [(p.kind, p.section) for p in segment(Document(doc_id="e", text=text))]
    assert kinds[2] == ("boilerplate", "Crimea") and kinds[3] == ("body", "Crimea")


@pytest.mark.parametrize(
    "text",
    ["Russian\xa0forces\xa0struck Kharkiv…", "a\xa0\u0301b", "\xa0", "Удар по Харкову\xa0— ﬁ ①", "plain text"],
)
def test_normalise_is_nfkc_with_no_break_spaces_replaced_first(text: str) -> None:
    import unicodedata

    from sitroom.reading.passages import normalise

    expected = " ".join(unicodedata.normalize("NFKC", text).lower().replace("ё", "е").replace("’", "'").split())
    assert normalise(text) == expected


def test_photo_credits_are_furniture_and_a_source_line_opens_no_section() -> None:
    text = ("Російські війська вночі атакували Херсон дронами, пошкоджено два будинки.\n"
            "Джерело: Херсонська ОВА\n"
            "Деталі: Уламки пошкодили дах школи.\n"
            "фото: ДСНС\n"
            "Photo: State Emergency Service\n"
            "Внаслідок атаки сталася пожежа, її вже загасили.\n")
    ps = segment(Document(doc_id="d", text=text, lang="uk", source="t"))
    kinds = [(p.text[:12], p.kind, p.section) for p in ps]
    assert [k for _, k, _ in kinds] == ["body", "heading", "body", "boilerplate", "boilerplate", "body"]
    assert all(p.section is None for p in ps)  # the details continue the lede


def test_an_elision_in_a_quote_ends_a_sentence() -> None:
    text = "Освобожден населенный пункт Отрадное. <…> В результате действий освобождены Кузьминовка и Федоровка."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Освобожден населенный пункт Отрадное. <…>",
        "В результате действий освобождены Кузьминовка и Федоровка.",
    ]
