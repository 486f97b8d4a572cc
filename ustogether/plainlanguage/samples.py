"""Realistic sample documents, made the same way every time, for benchmarks and tests.

The sentences are the kind organisations write on Us Together: meeting
papers, project updates and plans, some plain and some full of jargon.
"""

from __future__ import annotations

import random
from typing import Final

SENTENCES: Final = (
    "We met on Monday to talk about the new plan for day services.",
    "The ICB commissioned a review of domiciliary care across the borough in 2023.",
    "People told us that the waiting list for a needs assessment is too long.",
    "It was agreed that the co-production group will meet every month at the library.",
    "The local authority is committed to delivering robust, person-centred outcomes for every service user.",
    "Carers said they want more short breaks and better information about direct payments.",
    "Our budget for next year is £2.5 million, which is approx. 4% less than this year.",
    "The MDT will review each care package before discharge from hospital.",
    "Dr. Khan explained how the hospital passport works and who fills it in.",
    "We need to leverage our partnerships to facilitate better integration between health and social care.",
    "Please bring your questions to the meeting at 10.30am on Thursday.",
    "The CCG was replaced by the integrated care board in July 2022.",
    "Reablement (help to relearn everyday skills) is free for up to six weeks.",
    "Young people with an EHCP should have an annual review every year.",
    "The parent carer forum wrote to the council about the local offer.",
    "Most people said the new website is easy to use.",
    "We will pay people for their time and cover travel costs.",
    "Safeguarding concerns must be reported to the duty team on the same day.",
    "The SENCO will meet families to talk about SEN support at school.",
    "Key stakeholders were engaged through a series of focus groups and an online questionnaire.",
    "Nobody should have to tell their story again and again.",
    "The evaluation found that peer support helped people feel less alone.",
    "Going forward, we will streamline the referral pathway to reduce delays.",
    "A social worker visited Mrs. Jones at home to talk about her care and support plan.",
    "We are tackling health inequalities by working with seldom heard communities.",
    "The meeting ended at 4pm and everyone got a copy of the notes.",
    "Under the Care Act, the council must think about your wellbeing.",
    "Some people find it hard to get to meetings, so we will meet online too.",
    "Staff said the new rota is better, but they still feel tired at the end of the week.",
    "The tender for the new advocacy service closes on 30 June.",
)
HEADINGS: Final = (
    "Welcome",
    "What we heard",
    "Money",
    "Next steps",
    "Who was there",
    "Questions",
    "Our plan for next year",
)
ITEMS: Final = (
    "meet again in May",
    "write to the council about the waiting list",
    "ask people what they think of the new leaflet",
    "find a room with step-free access",
    "share the notes in Easy Read",
    "pay people for their time",
)


def realistic_document(words: int = 10_000, seed: int = 20240601) -> str:
    """A document of about ``words`` words with headings, paragraphs and lists."""
    rng = random.Random(seed)  # noqa: S311 - repeatable sample text, not security
    parts: list[str] = []
    count = 0
    while count < words:
        heading = rng.choice(HEADINGS)
        parts.append(heading)
        count += len(heading.split())
        for _ in range(rng.randint(1, 3)):
            paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6)))
            parts.append(paragraph)
            count += len(paragraph.split())
        if rng.random() < 0.4:
            items = rng.sample(ITEMS, rng.randint(2, 4))
            parts.append("We will:\n" + "\n".join(f"- {item}" for item in items))
            count += 2 + sum(len(item.split()) for item in items)
    return "\n\n".join(parts) + "\n"
