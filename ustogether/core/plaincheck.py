"""A page component: plain-language checks inside any form, with or without JavaScript.

A form field with the `CheckedTextarea` widget gets a "Check my text" button and
a findings panel beside it. Without JavaScript the button submits the whole
form back to its own view; the view calls `plain_language_action`, which checks
the text (or applies a suggestion) and returns the data to re-show, so nothing
typed is lost and nothing is saved. With JavaScript, htmx sends just that field
to `core.views.check_fragment` and swaps the panel as the author types. Checks never block
saving.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.forms.utils import ErrorDict
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from ustogether.plainlanguage.checker import Finding, FindingKind, Report, check
from ustogether.plainlanguage.glossary import GlossaryEntry

# Enough for a long paper; checking more at once would hold a server for seconds.
MAX_CHECK_CHARS = 20_000
CHECK = "plain_check"
APPLY = "plain_apply"


class CheckedTextarea(forms.Textarea):
    """A textarea whose text is checked for plain language as it is written."""

    template_name = "plaincheck/checked_textarea.html"

    def __init__(
        self,
        attrs: dict[str, object] | None = None,
        *,
        easy_read: bool = False,
        check_only: bool = False,
    ) -> None:
        self.easy_read = easy_read
        # On a page that only checks, there is nothing to save, so the panel
        # does not say "You can still save".
        self.check_only = check_only
        # Set per form by `attach`: the findings to show and the field's label,
        # and whether the person checked an empty box.
        self.report: Report | None = None
        self.report_empty = False
        self.label = ""
        self.organisation_id: int | None = None
        super().__init__(attrs)

    def get_context(
        self, name: str, value: object, attrs: dict[str, object] | None
    ) -> dict[str, object]:
        context = super().get_context(name, value, attrs)
        context.update(
            {
                "plain_report": self.report,
                "plain_empty": self.report_empty,
                "plain_check_only": self.check_only,
                "plain_field": name,
                "plain_label": self.label,
                "plain_easy_read": self.easy_read,
                "plain_organisation": self.organisation_id or "",
                "plain_hx_vals": self.hx_vals(name),
            }
        )
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.update(
            {
                "data-hx-post": reverse("plaincheck_fragment"),
                "data-hx-trigger": "input changed delay:1200ms",
                "data-hx-target": f"#plain-{name}",
                "data-hx-vals": context["plain_hx_vals"],
            }
        )
        return context

    def hx_vals(self, name: str) -> str:
        """What the live check sends besides the text.

        Only options that are on are sent: htmx lets these values override the
        form's own, so sending "easy_read": "" would overrule a form that has
        its own "Check it as Easy Read" box."""
        values: dict[str, object] = {"field": name, "organisation": self.organisation_id or ""}
        if self.easy_read:
            values["easy_read"] = "1"
        if self.check_only:
            values["check_only"] = "1"
        return json.dumps(values)


@dataclass(frozen=True)
class FindingGroup:
    """Findings that say the same thing, shown once: "this appears 250 times"."""

    finding: Finding
    index: int  # of the first one in report.findings, for its "Use ..." button
    count: int


GroupKey = tuple[str, str, str | None, int | None]


def _group_key(finding: Finding) -> GroupKey:
    # A point with no picture is about that point, so those are never grouped.
    return (finding.kind.value, finding.message, finding.suggestion, finding.point)


def finding_groups(report: Report | None) -> list[FindingGroup]:
    """The report's findings, with identical ones grouped, in order of first appearance."""
    if report is None:
        return []
    first: dict[GroupKey, int] = {}
    counts: Counter[GroupKey] = Counter()
    for index, finding in enumerate(report.findings):
        key = _group_key(finding)
        first.setdefault(key, index)
        counts[key] += 1
    return [
        FindingGroup(report.findings[index], index, counts[key]) for key, index in first.items()
    ]


@dataclass
class PlainCheck:
    data: QueryDict
    reports: dict[str, Report] = field(default_factory=dict)
    focus: str = ""


def _no_local_terms(organisation_id: int | None) -> tuple[GlossaryEntry, ...]:
    return ()


# The plainlanguage app, which sits above projects, plugs in an organisation's
# own glossary words here when it starts (see PlainLanguageConfig.ready), so
# core never imports it.
local_terms_provider: Callable[[int | None], tuple[GlossaryEntry, ...]] = _no_local_terms


def _nobody_inside(person: Any, organisation_id: int) -> bool:
    return False


# Whether a person belongs to an organisation, so its unpublished words may be
# used for them; plugged in by the plainlanguage app like the provider above.
is_inside_organisation: Callable[[Any, int], bool] = _nobody_inside


def check_field_text(
    text: str, *, organisation_id: int | None = None, easy_read: bool = False
) -> Report:
    extra = local_terms_provider(organisation_id)
    return check(text, easy_read=easy_read, extra_terms=extra or None)


def plain_language_action(
    request: HttpRequest,
    fields: Sequence[str],
    *,
    organisation_id: int | None = None,
    easy_read_fields: Sequence[str] = (),
    always: bool = False,
) -> PlainCheck | None:
    """If the author pressed "Check my text" or a suggestion, do that; else None.

    With `always`, any POST is a check (for pages that only check)."""
    if request.method != "POST":
        return None
    if not always and CHECK not in request.POST and APPLY not in request.POST:
        return None
    data = request.POST.copy()
    data.pop(CHECK, None)
    data.pop(APPLY, None)
    focus = request.POST.get(CHECK, fields[0] if always else "")
    if APPLY in request.POST:
        name, _sep, index = request.POST[APPLY].partition(":")
        if name in fields and index.isdigit():
            text = data.get(name, "")
            report = check_field_text(
                text, organisation_id=organisation_id, easy_read=name in easy_read_fields
            )
            findings = report.findings
            # Only words to avoid have a drop-in swap; a jargon term's plain
            # words often need the sentence rewritten, so those are shown, not swapped.
            if (
                int(index) < len(findings)
                and findings[int(index)].suggestion
                and findings[int(index)].kind == FindingKind.WORDS_TO_AVOID
            ):
                # The button stands for its whole group, so every use is swapped.
                key = _group_key(findings[int(index)])
                for finding in reversed(findings):
                    if _group_key(finding) == key:
                        text = (
                            text[: finding.start]
                            + _match_case(finding.text, finding.suggestion or "")
                            + text[finding.end :]
                        )
                data[name] = text
            focus = name
    reports = {
        name: check_field_text(
            data.get(name, ""), organisation_id=organisation_id, easy_read=name in easy_read_fields
        )
        for name in fields
        if data.get(name, "").strip()
    }
    return PlainCheck(data=data, reports=reports, focus=focus if focus in fields else "")


def _match_case(original: str, suggestion: str) -> str:
    """Keep a capital letter at the start of a sentence when swapping words."""
    if original[:1].isupper() and not original.isupper() and suggestion:
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


def attach(
    form: forms.BaseForm,
    plain: PlainCheck | None,
    *,
    organisation_id: int | None = None,
    validate: bool = False,
) -> forms.BaseForm:
    """Give each checked field its findings, label and organisation (for its glossary).

    After a check the form shows what was typed, without error messages: the
    author has not tried to save yet (unless `validate`)."""
    if plain is not None and not validate:
        form._errors = ErrorDict()  # type: ignore[attr-defined]
    for name, form_field in form.fields.items():
        widget = form_field.widget
        if isinstance(widget, CheckedTextarea):
            widget.report = plain.reports.get(name) if plain else None
            widget.report_empty = (
                plain is not None and plain.focus == name and name not in plain.reports
            )
            widget.label = str(form_field.label or name)
            widget.organisation_id = organisation_id
            if plain is not None and plain.focus == name:
                widget.attrs["autofocus"] = True
    return form


FormT = TypeVar("FormT", bound=forms.BaseForm)


def checked_form(
    request: HttpRequest,
    form_class: Callable[..., FormT],
    fields: Sequence[str],
    *,
    organisation_id: int | None = None,
    easy_read_fields: Sequence[str] = (),
    **form_kwargs: Any,
) -> tuple[FormT, bool]:
    """Bind a form with checked fields. Returns the form, and whether the person
    is saving (False when they only asked for a check or a suggestion)."""
    plain = plain_language_action(
        request, fields, organisation_id=organisation_id, easy_read_fields=easy_read_fields
    )
    form = form_class(plain.data if plain else (request.POST or None), **form_kwargs)
    attach(form, plain, organisation_id=organisation_id)
    return form, plain is None and request.method == "POST"
