"""What the glossary and Easy Read hold about a person (see core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ustogether.core.personal_data import data_kind, example, exporter, kept_after_closing
from ustogether.people.models import Person
from ustogether.plainlanguage.models import EasyReadVersion, LocalTerm, UploadedPicture


@exporter("glossary_words", "Words you suggested for a glossary, or decided on", LocalTerm)
def glossary_words(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "organisation": t.organisation.name,
            "word": t.term,
            "other_ways_of_writing_it": t.variants,
            "plain_words": t.plain,
            "meaning": t.definition,
            "status": t.get_status_display(),
            "why_not_added": t.reason,
            "you_wrote_it": t.written_by_id == person.pk,
            "you_decided": t.decided_by_id == person.pk,
            "show_your_name": t.credit_author,
            "when": t.created_at,
        }
        for t in LocalTerm.objects.filter(Q(written_by=person) | Q(decided_by=person))
        .select_related("organisation")
        .order_by("created_at")
    ]


@exporter("easy_read", "Easy Read versions you wrote", EasyReadVersion)
def easy_read(person: Person) -> list[dict[str, Any]]:
    return [
        {"title": v.title, "of": str(v.subject or ""), "last_changed": v.updated_at}
        for v in EasyReadVersion.objects.filter(updated_by=person).order_by("pk")
    ]


@exporter("pictures", "Pictures you uploaded for Easy Read", UploadedPicture)
def pictures(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "organisation": p.organisation.name,
            "what_it_shows": p.alt_text,
            "file": p.image.name,
            "type": p.content_type,
            "uploaded": p.created_at,
        }
        for p in UploadedPicture.objects.filter(owner=person).select_related("organisation")
    ]


_SHARED = (
    "Shared with everyone in the organisation for their pages; the person's name is not "
    "shown on it once they close their account."
)
kept_after_closing(
    LocalTerm,
    reason=_SHARED,
    keeps_text={name: _SHARED for name in ("term", "variants", "plain", "definition", "reason")},
)
kept_after_closing(
    UploadedPicture,
    reason=_SHARED,
    keeps_text={"alt_text": _SHARED, "content_type": "The kind of picture file, such as PNG."},
)
kept_after_closing(EasyReadVersion, reason=_SHARED, keeps_text={"title": _SHARED})


@example(LocalTerm, EasyReadVersion, UploadedPicture)
def _words_and_pictures(person: Person, cast: Any) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from ustogether.plainlanguage import easyread, services

    # The person is a co-lead of cast.project (see core.personal_data.example).
    local = services.glossary_suggest(
        by=person,
        organisation=cast.organisation,
        project=cast.project,
        term="Reablement",
        plain="Help to do things again",
        definition="Support at home after a stay in hospital.",
    )
    services.glossary_accept(
        local=local, by=person, term=local.term, plain=local.plain, definition=local.definition
    )
    easyread.easy_read_write(
        subject=cast.project, by=person, title="Our project", text="We meet on Mondays."
    )
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (29, 112, 184)).save(out, format="PNG")
    easyread.easy_read_upload_picture(
        subject=cast.project,
        by=person,
        image=SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png"),
        alt_text="A blue square",
    )


data_kind(
    name="Glossary words and Easy Read",
    models=(
        "plainlanguage.LocalTerm",
        "plainlanguage.UploadedPicture",
        "plainlanguage.EasyReadVersion",
        "plainlanguage.EasyReadPoint",
    ),
    what="Words and their plain meanings that an organisation adds. Easy Read versions"
    " of pages. Pictures people upload for them, and what each shows.",
    why="So every page can be read by everyone.",
    how_long="As long as the organisation uses them. The author's name goes when they "
    "close their account.",
    who_sees="The organisation's signed-in people. The public, if a co-lead publishes a "
    "word or the page is public.",
    protection="Uploads are checked for type and size. They are saved again without photo "
    "location data.",
    get_or_erase="The copy of all we keep lists a person's words and pictures.",
    where="In the site's database; pictures in the file store.",
)
