"""A page's own words: pulled out of the HTML, typed text taken out, then checked."""

from __future__ import annotations

from ustogether.plainlanguage.pagetext import check_page, main_text, without_strings

PAGE = """<!doctype html><html><head><title>Ignored</title><script>var a = 1;</script></head>
<body><header>Site name and menu</header>
<main id="main">
  <h1>Your projects</h1>
  <p>Start a <strong>new</strong> project.<br>Then invite people.</p>
  <ul><li>Meet early</li><li>Pay people <a href="/fees/">for their time</a></li></ul>
  <div class="ut-para">We offer <details class="ut-term"><summary class="ut-term__word">reablement</summary>
    <span class="ut-term__definition"><strong>reablement</strong>: help to relearn skills.</span></details> at home.</div>
  <label for="e">Email address</label><input id="e" name="e">
  <button type="submit">Save</button>
  <dl><dt>Domiciliary care</dt><dd>Help at home.</dd></dl>
  <div hidden>Hidden words with jargon like commissioning</div>
  <script>document.write("commissioning")</script>
</main>
<footer>Footer words</footer></body></html>"""


def test_main_text_keeps_only_the_main_content_one_unit_to_a_line() -> None:
    page = main_text(PAGE)
    lines = [line for line in page.text.splitlines() if line]
    assert lines == [
        "Your projects",
        "Start a new project.",
        "Then invite people.",
        "- Meet early",
        "- Pay people for their time",
        "We offer reablement at home.",
        "Email address",
        "Save",
        "Help at home.",
    ]


def test_glossary_disclosures_and_description_lists_count_as_explained() -> None:
    page = main_text(PAGE)
    assert page.explained_terms == {"reablement"}
    assert page.labels == ["Domiciliary care"]
    assert page.explains("reablement") and page.explains("domiciliary care")
    assert not page.explains("commissioning")


def test_typed_text_is_replaced_whole_words_only_longest_first() -> None:
    text = "Welcome to Carers' voices in hospital. Carers matter. Ali Khan and Ali spoke."
    replaced = without_strings(text, ["Carers' voices in hospital", "Ali Khan", "Ali", "Carers"])
    assert replaced == "Welcome to Sam. Sam matter. Sam and Sam spoke."
    assert without_strings("Alison came.", ["Ali"]) == "Alison came."
    assert without_strings("A to B", ["A", "to"]) == "A to B", "strings under 3 letters stay"


def test_a_page_check_reports_unexplained_words_but_not_typed_or_explained_ones() -> None:
    html = PAGE.replace(
        "<h1>Your projects</h1>",
        "<h1>Your projects</h1><p>We are commissioning a new service for Blorp MDT.</p>",
    )
    result = check_page("lead: /projects/", "/projects/", main_text(html), ["Blorp MDT"])
    assert result.findings == (("jargon", "commissioning"),)
    assert "Blorp" not in result.text
    assert result.reading_age > 0
    summary = result.as_dict()
    assert summary["findings"] == [{"kind": "jargon", "words": "commissioning"}]


def test_jargon_in_a_label_is_found_when_nothing_explains_it() -> None:
    html = "<main><dl><dt>Name</dt><dd>Sam</dd></dl><p>Ask about <b>commissioning</b>.</p></main>"
    result = check_page("x", "/x", main_text(html), [])
    assert result.findings == (("jargon", "commissioning"),)


def test_a_term_explained_anywhere_on_the_page_is_not_counted() -> None:
    html = (
        "<main><span>NHS trust</span><h1>Fernvale</h1>"
        "<p>NHS trust means a part of the NHS that runs hospitals.</p>"
        "<p>Ask the MDT.</p><p>The MDT (multi-disciplinary team) meets on Monday.</p>"
        "<p>We are commissioning a service.</p></main>"
    )
    result = check_page("x", "/x", main_text(html), [])
    assert result.findings == (("jargon", "commissioning"),)
