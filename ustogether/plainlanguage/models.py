"""Glossary entries added on the site, on top of the glossary that ships with Us Together.

Anyone in a project or organisation can suggest a term; a co-lead of that
project (or an admin or co-production lead of the organisation) accepts it,
edits it or turns it down. Accepted entries join the checker and the reader's
definitions for that organisation's pages. The checker itself (checker.py and
friends) is pure Python and knows nothing of this.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ustogether.people.models import Organisation, Person
from ustogether.plainlanguage.glossary import GlossaryEntry


class LocalTerm(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Waiting for a co-lead")
        ACCEPTED = "accepted", _("In the glossary")
        TURNED_DOWN = "turned_down", _("Not added")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="glossary_terms"
    )
    # Where it was suggested, so that project's co-leads can decide.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="glossary_terms",
    )
    term = models.CharField(_("word or phrase"), max_length=120)
    variants = models.CharField(_("other ways of writing it"), max_length=300, blank=True)
    plain = models.CharField(_("plain words to use instead"), max_length=200)
    definition = models.TextField(_("what it means"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    reason = models.TextField(_("why it was not added"), blank=True)
    written_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term"],
                condition=models.Q(status="accepted"),
                name="one_accepted_local_term_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.term

    def as_entry(self) -> GlossaryEntry:
        variants = tuple(v.strip() for v in self.variants.split(",") if v.strip())
        return GlossaryEntry(
            term=self.term,
            plain=self.plain,
            definition=self.definition,
            variants=variants,
            topic="local",
            source=f"Written by {self.written_by.display_name} for {self.organisation.name}",
        )
