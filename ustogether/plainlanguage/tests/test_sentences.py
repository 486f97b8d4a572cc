"""Sentences, headings and list items are split where a reader would split them."""

from __future__ import annotations

from ustogether.plainlanguage.sentences import split_points, split_units


def pieces(text: str) -> list[str]:
    return [text[u.start : u.end] for u in split_units(text)]


def test_full_stops_question_marks_and_exclamation_marks_end_sentences() -> None:
    assert pieces("We met. Did you come? Yes! Good.") == [
        "We met.",
        "Did you come?",
        "Yes!",
        "Good.",
    ]


def test_short_forms_do_not_end_sentences() -> None:
    text = (
        "We saw Dr. Patel and Mr. Jones. Bring things, e.g. pens and paper. "
        "Use one, i.e. the blue one. It costs approx. 40 pounds. "
        "We met at St. Mary's church. See No. 5 on the list. Mrs. Khan said hello."
    )
    assert pieces(text) == [
        "We saw Dr. Patel and Mr. Jones.",
        "Bring things, e.g. pens and paper.",
        "Use one, i.e. the blue one.",
        "It costs approx. 40 pounds.",
        "We met at St. Mary's church.",
        "See No. 5 on the list.",
        "Mrs. Khan said hello.",
    ]


def test_e_g_before_a_capital_letter_does_not_end_a_sentence() -> None:
    assert pieces("Some services, e.g. NHS dentists, are hard to find.") == [
        "Some services, e.g. NHS dentists, are hard to find."
    ]


def test_etc_ends_a_sentence_only_before_a_capital() -> None:
    assert pieces("Bring pens, paper etc. and a drink. Then sit down.") == [
        "Bring pens, paper etc. and a drink.",
        "Then sit down.",
    ]
    assert pieces("Bring pens, paper etc. Then sit down.") == [
        "Bring pens, paper etc.",
        "Then sit down.",
    ]


def test_numbers_and_times_do_not_end_sentences() -> None:
    assert pieces("The budget is £2.5 million. We meet at 10.30am on Monday. It is 3.5% more.") == [
        "The budget is £2.5 million.",
        "We meet at 10.30am on Monday.",
        "It is 3.5% more.",
    ]


def test_an_initial_does_not_end_a_sentence() -> None:
    assert pieces("The notes were written by J. Smith. She is new.") == [
        "The notes were written by J. Smith.",
        "She is new.",
    ]


def test_no_means_no_when_a_number_does_not_follow() -> None:
    assert pieces("The answer is no. We asked again.") == ["The answer is no.", "We asked again."]


def test_each_list_item_is_its_own_sentence() -> None:
    text = "We will:\n- meet in May\n* write to the council\n• ask people\n1. first thing\n2) second thing\na) small thing\n(i) tiny thing"
    units = split_units(text)
    assert pieces(text) == [
        "We will:",
        "meet in May",
        "write to the council",
        "ask people",
        "first thing",
        "second thing",
        "small thing",
        "tiny thing",
    ]
    assert [u.kind for u in units] == ["sentence"] + ["item"] * 7


def test_a_list_item_can_hold_two_sentences() -> None:
    assert pieces("- Write to the council. Then wait for an answer\n- Meet again") == [
        "Write to the council.",
        "Then wait for an answer",
        "Meet again",
    ]


def test_an_indented_line_carries_on_a_list_item() -> None:
    assert pieces("- Write to the council\n  about the bus\n- Meet again") == [
        "Write to the council\n  about the bus",
        "Meet again",
    ]


def test_headings_are_their_own_unit() -> None:
    text = "Our plan for 2025\n\nWe will meet in May. We will write to you.\nNext steps\nCall us on Monday."
    units = split_units(text)
    assert [(text[u.start : u.end], u.kind) for u in units] == [
        ("Our plan for 2025", "heading"),
        ("We will meet in May.", "sentence"),
        ("We will write to you.", "sentence"),
        ("Next steps", "heading"),
        ("Call us on Monday.", "sentence"),
    ]


def test_a_wrapped_line_is_not_a_heading() -> None:
    text = "We will meet the people who\nuse the service on Monday."
    assert pieces(text) == ["We will meet the people who\nuse the service on Monday."]


def test_a_long_line_without_a_full_stop_is_not_a_heading() -> None:
    text = "This line has no full stop but it has far too many words to be a heading at all\nNext line."
    units = split_units(text)
    assert units[0].kind == "sentence"


def test_points_are_paragraphs_items_and_headings() -> None:
    text = "Welcome\n\nWe met today. It went well.\n\n- meet again\n- write to Sam\n\nThanks for coming."
    points = split_points(text)
    assert [(p.kind, text[p.start : p.end]) for p in points] == [
        ("heading", "Welcome"),
        ("paragraph", "We met today. It went well."),
        ("item", "meet again"),
        ("item", "write to Sam"),
        ("paragraph", "Thanks for coming."),
    ]
    assert [p.index for p in points] == [0, 1, 2, 3, 4]
    assert [u.point for u in split_units(text)] == [0, 1, 1, 2, 3, 4]


def test_windows_line_endings_and_empty_text() -> None:
    assert pieces("One.\r\nTwo.\r\n\r\nThree.") == ["One.", "Two.", "Three."]
    assert pieces("") == []
    assert pieces("   \n\n  ") == []
