"""Everyday words that are jargon in one place: read the words around them.

The glossary finds words and phrases that are jargon wherever they are. Many
words councils and the NHS use as jargon are everyday words too: "partners"
(your partner, or other organisations), "scale" (bathroom scales, or how big
a service is), "offer" (a shop's offer, or the help a council gives), "system"
(the booking system, or the NHS and councils in an area). Flagging them
everywhere would flag plain writing. So :func:`find_in_context` looks at the
words either side and flags them only where they are used in the management
sense. There are four kinds of rule, each general, each with a plain
explanation written for Us Together:

* :data:`WORD_RULES` - one everyday word, jargon when a word next to it shows
  the management sense ("system partners", "at place", "the scale of the
  organisation", "care settings", "our offer", "hosted by the council").
* Describing word + abstract noun (:data:`DESCRIBING_WORDS`,
  :data:`ABSTRACT_NOUNS`): "likely demand", "medical status", "agreed
  standard", "operational pressures", "the overall picture". Plain writing
  says what the thing is instead ("how many people will need help").
  Noun stacks count too: three or more management nouns in a row ending in an
  abstract noun ("high monetary value risks", "demand management
  approach").
* Management verb + abstract object (:data:`MANAGEMENT_VERBS`,
  :data:`ABSTRACT_OBJECTS`): "drive improvement", "realise benefits",
  "manage demand", "ensure market stability", "unlock capacity".
* A verb turned into a noun, before "of" (:data:`NOUN_FORMS`): "the
  implementation of", "the establishment of". Plain writing uses the verb.

Nothing here imports Django; the checker turns each :class:`ContextHit` into a
jargon finding, unless the text explains the words.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from .normalise import Token


def _words(spaced: str) -> frozenset[str]:
    """A set of words from one long string, so word lists stay easy to read and edit."""
    return frozenset(spaced.split())


def _pairs(joined: str) -> frozenset[str]:
    """A set of two-word phrases written "across the|within the"."""
    return frozenset(" ".join(pair.split()) for pair in joined.split("|"))


@dataclass(frozen=True, slots=True)
class ContextRule:
    """An everyday word that is jargon when the words next to it show the management sense.

    ``words`` are the forms of the word (lower case, without "'s"). It is
    jargon when the word just before is in ``before`` (or the two words just
    before are in ``before_pairs``), when the word just after is in ``after``,
    when the sentence holds a word from ``in_sentence``, or always when
    ``always`` is true (with ``require_sentence``, a word from ``in_sentence``
    is needed as well); but never when the word before is in ``not_before``,
    the word after is in ``not_after``, or (with ``not_of_number``) it comes
    before "of" and a number ("a scale of 1 to 10"). The finding covers the word that
    showed the sense too ("system partners"), unless it is a small word
    ("at place" covers only "place").
    """

    term: str
    plain: str
    definition: str
    words: frozenset[str]
    before: frozenset[str] = frozenset()
    before_pairs: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    in_sentence: frozenset[str] = frozenset()
    always: bool = False
    not_before: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    not_of_number: bool = False
    # When true, a word from ``in_sentence`` is needed as well as a word next to it.
    require_sentence: bool = False
    # When true, an abstract noun just before makes it jargon ("maturity journey").
    abstract_before: bool = False


@dataclass(frozen=True, slots=True)
class ContextHit:
    """Jargon found by reading the words around it: ``text[start:end]``, and why."""

    start: int
    end: int
    term: str
    plain: str
    definition: str


# Small words that show the sense but are not part of the jargon itself.
_SMALL: Final = _words(
    """a an the at in on of to for by with across within into our their its this that these those each
    every all and or your my his her we they it is are was were be been will"""
)

_ORGANISATION_WORDS: Final = _words(
    """council councils trust trusts authority authorities board boards icb icbs ccg ccgs nhs organisation
    organisations partnership partnerships agency agencies body bodies department directorate"""
)

WORD_RULES: Final[tuple[ContextRule, ...]] = (
    ContextRule(
        term="partners",
        plain="the council, the NHS and other groups (say which)",
        definition=(
            "Partners here means other organisations that work with us, such as the council, "
            "the NHS or charities. Say which ones."
        ),
        words=_words("partners partner"),
        before=_words(
            """system key strategic statutory delivery local health nhs voluntary sector community
            housing care our with and trusted anchor regional national wider external other
            multi-agency education police all"""
        ),
        after=_words(
            """organisation organisations agency agencies body bodies council councils trust trusts
            across including such working"""
        ),
        in_sentence=_words(
            """strategy strategies co-produce co-produced commissioners providers agencies statutory
            system integrated organisations stakeholders board boards icb icbs ics trusts"""
        ),
        not_before=_words(
            """your my his her their a equal life dance business former same-sex sexual new
            abusive violent"""
        ),
    ),
    ContextRule(
        term="system",
        plain="the NHS, the council and others in the area",
        definition=(
            "The system here means all the NHS and council services in one area, and how they "
            "work together. Say which services you mean."
        ),
        words=_words("system systems"),
        before=_words("whole wider local health integrated our"),
        before_pairs=_pairs("across the|within the|and care|across our|across each"),
        after=_words(
            """partners partner leaders leadership working pressures pressure flow level wide
            performance resilience capacity transformation priorities colleagues oversight
            architecture footprint approach reform partnership integration"""
        ),
        in_sentence=_words(
            """deficit deficits trusts icb icbs ics integrated leaders partners organisations
            providers commissioners neighbourhood"""
        ),
        not_before=_words(
            """booking phone computer immune nervous heating it online benefits appointment
            digestive solar filing points record records alarm sound"""
        ),
    ),
    ContextRule(
        term="place",
        plain="the local area",
        definition=(
            "Place here means one town, city or borough, as a way of planning NHS and council "
            "services together. Say the name of the area."
        ),
        words=_words("place"),
        before=_words("at across"),
        before_pairs=_pairs("system and|neighbourhood and|system or"),
        in_sentence=_words(
            """system partners neighbourhood neighbourhoods integration integrated icb icbs ics
            partnership partnerships leaders"""
        ),
        after=_words(
            """level leaders leadership board boards partnership partnerships team teams director
            directors footprint committee arrangements development lead leads convenor integration
            based"""
        ),
        not_before=_words("in took take takes taking first second third a"),
    ),
    ContextRule(
        term="neighbourhood",
        plain="a small local area",
        definition=(
            "Neighbourhood here means a small area, as a way of organising NHS and council teams. "
            "Say which streets or which teams."
        ),
        words=_words("neighbourhood neighbourhoods neighborhood"),
        before=_words("at across integrated"),
        after=_words(
            """level teams team model working footprint based boards board leadership hub hubs
            multidisciplinary health multi-disciplinary"""
        ),
    ),
    ContextRule(
        term="scale",
        plain="how big it is, or make it bigger",
        definition=(
            "Scale here means how big something is, or making it bigger ('scale up'). "
            "Say how big, or how many people."
        ),
        words=_words("scale scaling scaled scalable"),
        before=_words(
            """at the its their our sufficient greater national system required significant full
            large larger"""
        ),
        after=_words("up down back out and of the our this their"),
        not_before=_words(
            """weighing bathroom kitchen pay salary music fish rating sliding time richter major
            minor agree a an"""
        ),
        not_after=_words("from model drawing drawings goes runs is"),
        not_of_number=True,
    ),
    ContextRule(
        term="grant",
        plain="money given for the work",
        definition=(
            "A grant here is money given to an organisation for a piece of work, with rules "
            "about how it is spent."
        ),
        words=_words("grant grants"),
        before=_words(
            """capital revenue ring-fenced specific core seed match development project restricted
            unrestricted government lottery annual multi-year our their its"""
        ),
        after=_words(
            """funding funded fund funds holder holders agreement agreements programme programmes
            recipient recipients conditions allocation allocations aid making maker giving
            award awards period terms monitoring income"""
        ),
        in_sentence=_words(
            """fund funds funder funders fte post posts bid bids trustees overheads awarded"""
        ),
        not_before=_words("to a can may could"),
        not_after=_words("to you permission"),
    ),
    ContextRule(
        term="activity",
        plain="the work done (say what)",
        definition=(
            "Activity here means the work a service does, counted up, such as operations done "
            "or sessions run. Say what was done, and how many."
        ),
        words=_words("activity activities"),
        before=_words(
            """elective planned unplanned clinical hospital outpatient inpatient contracted commissioned
            funded baseline core delivery programme project non-elective emergency theatre
            diagnostic referral surgical day-case income commercial fundraising charitable
            trading principal key"""
        ),
        after=_words(
            """levels level data plan plans targets target volumes volume growth trends returns costs
            schedule"""
        ),
        in_sentence=_words("outcomes outputs inputs impacts kpis milestones"),
        not_before=_words("physical social fun outdoor leisure sporting sports creative brain"),
    ),
    ContextRule(
        term="demand",
        plain="how many people need help",
        definition=(
            "Demand here means how many people need a service, or will need it. "
            "Say how many people, or who."
        ),
        words=_words("demand"),
        always=True,
        not_before=_words("on in high great popular"),
        not_after=_words("that to"),
    ),
    ContextRule(
        term="need",
        plain="how many people need help, and how much",
        definition=(
            "Need here means how much help people in an area need, counted up. "
            "Say how many people need help, and with what."
        ),
        words=_words("need"),
        before=_words(
            """between meet meets meeting assess assessing identify identified levels higher lower
            growing rising population presenting eligible complex greater"""
        ),
        not_after=_words("to for"),
    ),
    ContextRule(
        term="impact",
        plain="the difference we make",
        definition=(
            "Impact here means the difference a service or project makes to people. "
            "Say what changed, and for whom."
        ),
        words=_words("impact"),
        before=_words(
            """social demonstrate demonstrating measure measuring maximise maximising collective
            economic"""
        ),
        before_pairs=_pairs("evidence of|measure of|measures of|measurement of|assessment of"),
        after=_words("report reports measurement assessment data framework"),
    ),
    ContextRule(
        term="forecast",
        plain="expect",
        definition=(
            "Forecast here means what the money is expected to be at the end of the year. "
            "Say 'we expect to spend'."
        ),
        words=_words("forecast forecasting forecasts forecasted"),
        in_sentence=_words(
            """overspend overspent underspend underspent deficit surplus outturn spend budget budgets
            position balance income savings variance"""
        ),
    ),
    ContextRule(
        term="lead",
        plain="the person in charge of it",
        definition=(
            "A lead here is the person in charge of one piece of work, such as the project "
            "lead. Say their job, or their name."
        ),
        words=_words("lead leads"),
        before=_words(
            """project clinical service team programme strategic named safeguarding designated
            operational nurse medical executive senior joint place system workstream portfolio"""
        ),
        after=_words("for"),
        not_before=_words("dog the a take took taking will to can"),
    ),
    ContextRule(
        term="assets",
        plain="the good things an area already has",
        definition=(
            "Assets here means the good things a place already has, such as people's skills, "
            "local groups and buildings, not money."
        ),
        words=_words("assets asset"),
        before=_words("community local social physical natural"),
        in_sentence=_words("communities community neighbourhood neighbourhoods strengths"),
    ),
    ContextRule(
        term="recruit",
        plain="find people to take part",
        definition="Recruit here means find people to take part in a study.",
        words=_words("recruit recruits recruited recruiting recruitment"),
        in_sentence=_words("participants study studies trial trials research cohort researchers"),
    ),
    ContextRule(
        term="lot",
        plain="part of the contract",
        definition=(
            "A lot is one part of a big contract. Each lot can go to a different provider. "
            "Say which part of the work."
        ),
        words=_words("lot lots"),
        before=_words("each per this every single separate"),
        in_sentence=_words(
            """framework tender tenders contract contracts providers procurement bidders bid bids"""
        ),
        not_before=_words("a"),
    ),
    ContextRule(
        term="market",
        plain="the care companies in the area",
        definition=(
            "The market here means all the companies and charities that sell care or support "
            "in an area. Say 'care companies'."
        ),
        words=_words("market markets"),
        in_sentence=_words(
            """providers provider commissioners commissioning commission suppliers stimulate
            shaping shape"""
        ),
    ),
    ContextRule(
        term="front door",
        plain="the first place you ask for help",
        definition=(
            "The front door here means the first place people contact a service, such as a "
            "phone line or a web form. Say what it is."
        ),
        words=_words("door"),
        before=_words("front digital single"),
        in_sentence=_words("demand services service referrals referral enquiries triage"),
        require_sentence=True,
    ),
    ContextRule(
        term="the sector",
        plain="charities, or the groups you mean",
        definition=(
            "The sector is a vague way to say a group of organisations, such as charities or care "
            "companies. Say which ones."
        ),
        words=_words("sector sectors"),
        before=_words("the our whole wider across"),
    ),
    ContextRule(
        term="performance",
        plain="how well it is going (say what you counted)",
        definition=(
            "Performance here means how well a service meets its targets, such as how long "
            "people wait. Say what you counted and what you found."
        ),
        words=_words("performance"),
        before=_words(
            """overall our its their system service organisational financial operational current
            trust council team"""
        ),
        after=_words(
            """against data report reports indicators indicator framework management monitoring
            dashboard figures measures metrics targets"""
        ),
    ),
    ContextRule(
        term="let",
        plain="give (the contract) to a company",
        definition="To let a contract means to choose a company and give it the work.",
        words=_words("let"),
        before=_words("be been being was were is are"),
        in_sentence=_words("contract contracts tender tenders framework lot lots"),
        require_sentence=True,
        not_after=_words("us you me them him her down know"),
    ),
    ContextRule(
        term="resources",
        plain="money, staff and time",
        definition=(
            "Resources here means money, staff, time and buildings. Say which of them you mean."
        ),
        words=_words("resources resource"),
        in_sentence=_words(
            """assets gap demand capacity shift shifting funding allocate allocated allocating
            allocation deploy deployed deploying redeploy pressures"""
        ),
        not_before=_words("useful free online helpful reading learning teaching"),
    ),
    ContextRule(
        term="working",
        plain="working together (say who does what)",
        definition=(
            "Phrases like 'closer working' or 'integrated working' mean that teams or "
            "organisations work together. Say who will do what together."
        ),
        words=_words("working"),
        before=_words(
            """closer close integrated collaborative cross-boundary system place neighbourhood
            locality effective agile matrix cross-organisational cross-sector"""
        ),
    ),
    ContextRule(
        term="coordinator",
        plain="the person who organises it",
        definition=(
            "A coordinator is a worker whose job is to organise something and keep people in "
            "touch. Say what they do for you."
        ),
        words=_words("coordinator coordinators co-ordinator co-ordinators"),
        always=True,
        not_before=_words("volunteer volunteers event wedding"),
    ),
    ContextRule(
        term="offer",
        plain="the help we give",
        definition=(
            "An offer here means the help or services an organisation gives, not a special price. "
            "Say what help people can get."
        ),
        words=_words("offer"),
        before=_words("the this its their council's"),
        in_sentence=_words(
            """carers residents families services universal targeted digital provision partners
            commissioners"""
        ),
        require_sentence=True,
        not_after=_words("of you to letter letters"),
    ),
    ContextRule(
        term="setting",
        plain="place",
        definition=(
            "A setting here is the kind of place where care or teaching happens, such as a "
            "hospital, a care home or your own home. Say the place."
        ),
        words=_words("setting settings"),
        before=_words(
            """care clinical health healthcare acute community residential hospital educational
            education school inpatient outpatient nursing appropriate different other secure
            non-hospital virtual group mainstream specialist supported institutional formal
            informal years"""
        ),
        in_sentence=_words(
            """children child education educational school schools nursery pupils taught learning
            clinical patients patient"""
        ),
        not_before=_words(
            """your privacy account cookie display app phone browser these are is was were be been
            by for when while of"""
        ),
        not_after=_words("up out off aside down the a an your our their goals fire"),
    ),
    ContextRule(
        term="community",
        plain="outside hospital, near where people live",
        definition=(
            "Community here means outside hospital: at home, at a local clinic or in a local "
            "team. Say where."
        ),
        words=_words("community"),
        after=_words(
            """services service teams team settings setting provision provider providers beds bed
            hubs hub assets capacity offer pathway pathways model rehabilitation nursing based
            health"""
        ),
    ),
    ContextRule(
        term="offer",
        plain="the help we give",
        definition=(
            "An offer here means the help or services an organisation gives, not a special price. "
            "Say what help people can get."
        ),
        words=_words("offer offers"),
        before=_words(
            """our support service care digital universal targeted core local day respite training
            learning wellbeing prevention community carers cultural leisure housing employment
            volunteering specialist enhanced clinical workforce retention"""
        ),
        not_after=_words("you to letter letters"),
    ),
    ContextRule(
        term="journey",
        plain="what happens to you, step by step",
        definition=(
            "Journey here means each step a person goes through with a service, or a slow change "
            "in an organisation. Say the steps."
        ),
        words=_words("journey journeys"),
        before=_words(
            """patient patients customer customers user users care improvement transformation digital
            change learning quality service end-to-end whole our its"""
        ),
        before_pairs=_pairs("on a|on this|on our|on the|on its|on their"),
        not_before=_words("your bus train car"),
        abstract_before=True,
    ),
    ContextRule(
        term="pathway",
        plain="the steps to get care",
        definition=(
            "A pathway here is the steps someone goes through to get care or support, from "
            "first asking for help to the end. Say the steps."
        ),
        words=_words("pathway pathways"),
        always=True,
        not_before=_words("garden park cycle paved stone gravel walking coastal riverside lit"),
    ),
    ContextRule(
        term="hosted",
        plain="run by, or based at",
        definition=(
            "Hosted by here means one organisation employs the staff or runs the work for others. "
            "Say who runs it."
        ),
        words=_words("hosted"),
        in_sentence=_ORGANISATION_WORDS,
        not_before=_words("we i you they she he to will can a"),
        not_after=_words("a an the"),
    ),
    ContextRule(
        term="host organisation",
        plain="the organisation that runs it",
        definition=(
            "The host organisation employs the staff or runs the work for others. Say who runs it."
        ),
        words=_words("host hosting"),
        after=_words("organisation organisations authority authorities employer body bodies trust"),
    ),
    ContextRule(
        term="objects",
        plain="what the charity is for",
        definition=(
            "A charity's objects are the aims written in its rules: what it was set up to do. "
            "Say 'what we are here to do'."
        ),
        words=_words("objects"),
        before=_words("its their our charitable charity foundation trust company charity's"),
        after=_words("clause clauses"),
        in_sentence=_words("charity charities charitable trustees foundation governing"),
    ),
    ContextRule(
        term="post",
        plain="job",
        definition="A post here means a job. Say job.",
        words=_words("post posts"),
        before=_words(
            """coordinator co-ordinator manager officer worker nurse lead practitioner director
            assistant administrator navigator fte vacant funded substantive fixed-term permanent
            temporary unfilled established advisor adviser specialist therapist consultant
            coordinator's"""
        ),
        not_after=_words("office box code card man woman mark room or by"),
    ),
    ContextRule(
        term="spend",
        plain="spending, or the money spent",
        definition="Spend here is used as a noun. Say 'spending' or 'the money we spent'.",
        words=_words("spend"),
        before=_words(
            """the our total annual overall projected forecast council agency capital revenue their
            its this budget placement public actual current underlying net gross average per
            planned additional"""
        ),
        not_after=_words("time money the a your it some more less"),
    ),
    ContextRule(
        term="flow",
        plain="how quickly people move through",
        definition=(
            "Flow here means how quickly people move through a hospital or service, from coming "
            "in to going home."
        ),
        words=_words("flow"),
        before=_words(
            """improve improving improves improved support supports supporting supported help helps
            helped aid aids unblock system hospital whole ward discharge poor good better"""
        ),
        after=_words("through"),
        in_sentence=_words(
            """hospital beds bed discharge discharges ward wards patients occupancy admissions
            ambulance ambulances emergency lounge"""
        ),
        not_before=_words("blood water air traffic cash the"),
    ),
)


# --- describing word + abstract noun -----------------------------------------------

# Abstract nouns management writing puts after a describing word instead of
# saying what it means ("likely demand" for "how many people will need help").
ABSTRACT_NOUNS: Final = _words(
    """demand demands pressure status standard standards position picture pressures performance spend delivery
    arrangements function functions mechanism mechanisms solution solutions priorities ambition ambitions
    outputs output benefits requirements considerations implications challenges opportunities stability
    efficiencies savings investment risks envelope levels volumes trajectory baseline capability
    capabilities landscape footprint offer approach approaches infrastructure interventions
    oversight assurance alignment resources resourcing need needs priority objectives gap vision
    boundaries plan partnership partnerships relationships collaboration"""
)
# Describing words and nouns that make such a phrase management language.
DESCRIBING_WORDS: Final = _words(
    """likely agreed medical current future projected anticipated expected forecast predicted overall
    existing significant substantial core strategic operational financial monetary clinical organisational
    systemic regional integrated effective whole wider broader increased increasing reduced growing
    mounting unprecedented inflationary emerging underlying unmet latent peak targeted statutory
    contractual recurrent non-recurrent in-year full-year residual inherent principal tactical acceptable
    required optimal desired measurable demonstrable tangible differential cashable demographic
    eligible presenting assessed identified complex mixed national system market workforce population
    service demand cost budget value capital revenue shared common collective upfront up-front closer
    meaningful collaborative joint productive constructive mature maturing"""
)
# Words that only count when another management word comes with them.
_WEAK_DESCRIBING: Final = _words(
    "service demand cost budget value capital revenue system market workforce population national"
)
# Abstract nouns that are management language after any describing word, told
# by its shape: a hyphenated one ("long-term impact") or a long word with a
# describing ending ("graduated approach", "varying levels").
SHAPE_HEADS: Final = _words(
    """demand status standard pressures pressure performance spend arrangements mechanism mechanisms
    solution solutions ambition ambitions outputs requirements considerations implications stability
    efficiencies savings investment envelope volumes trajectory
    capability approach approaches infrastructure interventions oversight assurance alignment impact
    footprint landscape boundaries vision priorities objectives"""
)
_DESCRIBING_ENDINGS: Final = (
    "al",
    "ic",
    "ive",
    "ous",
    "ary",
    "ory",
    "ing",
    "ed",
    "ent",
    "ant",
    "ible",
    "able",
)
# Long words with those endings that are nouns or plain describing words.
_NOT_DESCRIBING: Final = _words(
    """different important hospital personal physical excellent patient parent student resident
    meeting building training housing nursing learning parking shopping evening morning clothing
    funding spending planning general special original natural typical children's everything
    something anything nothing interesting exciting amazing pleasant convenient confident
    apparent sufficient frequent constant independent professional emotional practical helpful
    beautiful wonderful successful careful useful thoughtful hearing reading writing dressing
    cleaning cooking eating drinking walking sleeping washing breathing swimming cycling dancing
    singing painting gardening befriending counselling volunteering fundraising caring looking
    listening opening closing waiting joining staying weekend"""
)
# Second halves of everyday hyphenated words ("well-being", "follow-up").
_PLAIN_COMPOUND_ENDS: Final = _words("up being in out on off")
# Plain phrases that fit the pattern.
_PLAIN_PAIRS: Final = frozenset(
    {
        ("medical", "needs"),
        ("complex", "needs"),
        ("service", "standards"),
        ("national", "standards"),
        ("current", "needs"),
        ("future", "needs"),
        ("identified", "needs"),
        ("assessed", "needs"),
    }
)


# --- management verb + abstract object ----------------------------------------------

MANAGEMENT_VERBS: Final = _words(
    """drive drives driving drove realise realises realising realised realize realizing realized unlock
    unlocks unlocking unlocked maximise maximises maximising maximised optimise optimises optimising
    optimised harness harnessing accelerate accelerates accelerating accelerated ensure ensures ensuring
    shape shapes shaping shaped generate generates generating generated release releases releasing
    sustain sustains sustaining sustained manage manages managing managed secure securing meet meets
    meeting reduce reducing grow growing build building achieve achieves achieving achieved capture
    captures capturing captured close closing closed shift shifting shifted clear
    clearing explore exploring explored share sharing shared stimulate stimulating stimulated"""
)
ABSTRACT_OBJECTS: Final = _words(
    """improvement improvements transformation efficiency efficiencies innovation growth performance value
    savings progress integration productivity demand capacity resilience benefits momentum pace
    sustainability stability market markets priorities ambitions ambition agenda expectations flow
    investment alignment collaboration synergies compliance consistency continuity assurance oversight
    variation duplication pressures outcomes change backlog backlogs gap gaps resources impact learning
    insight insights options opportunities intelligence reliance dependency dependence independence
    potential uptake"""
)
# Plain pairs: "reduce waiting", "meet the needs"; these verbs only go with some objects.
_NARROW_VERBS: Final[dict[str, frozenset[str]]] = {
    verb: _words(objects)
    for verbs, objects in (
        (
            "ensure ensures ensuring secure securing",
            "stability sustainability value compliance consistency continuity assurance alignment "
            "oversight resilience",
        ),
        ("meet meets meeting", "demand"),
        (
            "reduce reducing",
            "demand variation duplication pressures backlog backlogs reliance dependency dependence",
        ),
        ("grow growing build building", "capacity resilience momentum market markets reach"),
        ("manage manages managing managed", "demand expectations flow capacity pressures market"),
        ("achieve achieves achieving achieved", "outcomes efficiencies savings ambitions ambition"),
        ("shape shapes shaping shaped", "market markets offer"),
        ("capture captures capturing captured", "impact learning insight insights outcomes"),
        ("close closing closed", "gap gaps"),
        ("shift shifting shifted", "resources resource investment spend activity focus capacity"),
        ("explore exploring explored", "options opportunities"),
        ("share sharing shared", "learning insight insights intelligence"),
        ("stimulate stimulating stimulated", "market markets demand growth"),
        ("clear clearing", "backlog backlogs"),
    )
    for verb in verbs.split()
}
# Words that may sit between the verb and its object.
_BETWEEN_VERB_AND_OBJECT: Final = _words(
    """the a an our their its this further more greater better real lasting rapid significant sustained
    sustainable wider whole system quality service market up down forward through continuous"""
)


# --- verbs turned into nouns ----------------------------------------------------

NOUN_FORMS: Final = _words(
    """implementation establishment utilisation utilization reconfiguration realisation optimisation
    facilitation identification commencement cessation enhancement embedding operationalisation
    consolidation prioritisation formulation articulation configuration remodelling recommissioning
    decommissioning continuation acceleration maximisation fulfilment attainment undertaking"""
)
_NOUN_FORM_PLAIN: Final = "use the verb: 'to set up', 'to start', 'to use'"
_NOUN_FORM_DEFINITION: Final = (
    "A word like 'implementation of' turns an action into a thing. Say who does what: "
    "'we will start', 'we will set up', 'we will use'."
)
_STACK_PLAIN: Final = "say what it means in a few plain words"
_STACK_DEFINITION: Final = (
    "Management writing puts a describing word or a row of nouns in front of a word like "
    "'demand', 'status' or 'risks'. Say what it means: 'how many people will need help', "
    "'how you are', 'the big risks to our money'."
)
_VERB_PLAIN: Final = "say what will change, and for whom"
_VERB_DEFINITION: Final = (
    "Phrases like 'drive improvement' or 'realise benefits' are management talk. "
    "Say what will change, and for whom: 'make the service better for you'."
)


_ABSTRACT_ENDINGS: Final = ("ity", "tion", "ment", "ance", "ence", "ness")


def _bare(word: str) -> str:
    """A word in lower case, with a straight apostrophe and no possessive ending."""
    lowered = word.lower().replace("’", "'")
    if lowered.endswith("'s"):
        return lowered[:-2]
    return lowered.rstrip("'")


_RULES_BY_WORD: Final[dict[str, tuple[ContextRule, ...]]] = {}
for _rule in WORD_RULES:
    for _form in _rule.words:
        _RULES_BY_WORD[_form] = (*_RULES_BY_WORD.get(_form, ()), _rule)


def _plain_gap(text: str, left: Token, right: Token) -> bool:
    """Whether only spaces or a hyphen sit between two tokens (no comma, no full stop)."""
    return right.joins_previous and text[left.end : right.start].strip(" \t-") == ""


def find_in_context(
    text: str, tokens: Sequence[Token], sentence_starts: Sequence[int]
) -> list[ContextHit]:
    """Everyday words used as jargon here, and management phrasing, in text order.

    ``tokens`` come from :func:`.normalise.tokenise`; ``sentence_starts`` are
    where each sentence, heading or list item starts (sorted), so a rule that
    reads the whole sentence sees only its own.
    """
    words = [_bare(token.text) for token in tokens]
    count = len(tokens)
    sentence_of = [
        max(0, bisect.bisect_right(sentence_starts, token.start) - 1) for token in tokens
    ]
    sentence_words: dict[int, set[str]] = {}
    for index, word in enumerate(words):
        sentence_words.setdefault(sentence_of[index], set()).add(word)
    hits: list[ContextHit] = []

    def joined(left: int, right: int) -> bool:
        return _plain_gap(text, tokens[left], tokens[right])

    for index, word in enumerate(words):
        if (word in ABSTRACT_NOUNS or word in SHAPE_HEADS) and index > 0:
            hit = _stack_hit(text, tokens, words, index)
            if hit is not None:
                hits.append(hit)
                continue
        rules = _RULES_BY_WORD.get(word)
        if rules:
            previous = words[index - 1] if index > 0 and joined(index - 1, index) else ""
            two_before = (
                f"{words[index - 2]} {previous}"
                if previous and index > 1 and joined(index - 2, index - 1)
                else ""
            )
            following = words[index + 1] if index + 1 < count and joined(index, index + 1) else ""
            here = sentence_words[sentence_of[index]]
            for rule in rules:
                if previous in rule.not_before or following in rule.not_after:
                    continue
                if rule.require_sentence and rule.in_sentence.isdisjoint(here):
                    continue
                if (
                    rule.not_of_number
                    and following == "of"
                    and index + 2 < count
                    and (
                        tokens[index + 2].text[:1].isdigit() or words[index + 2] in ("one", "zero")
                    )
                ):
                    continue
                start, end = tokens[index].start, tokens[index].end
                if two_before and two_before in rule.before_pairs:
                    pass
                elif previous and previous in rule.before:
                    if previous not in _SMALL:
                        start = tokens[index - 1].start
                elif following and following in rule.after:
                    if following not in _SMALL:
                        end = tokens[index + 1].end
                elif rule.abstract_before and previous.endswith(_ABSTRACT_ENDINGS):
                    start = tokens[index - 1].start
                elif not (
                    rule.always
                    or (
                        rule.in_sentence
                        and not rule.require_sentence
                        and not rule.in_sentence.isdisjoint(here)
                    )
                ):
                    continue
                hits.append(ContextHit(start, end, rule.term, rule.plain, rule.definition))
                break
            continue
        if word in MANAGEMENT_VERBS:
            hit = _verb_hit(text, tokens, words, index)
            if hit is not None:
                hits.append(hit)
                continue
        if (
            word in NOUN_FORMS
            and index > 0
            and index + 1 < count
            and words[index + 1] == "of"
            and words[index - 1] in _SMALL
        ):
            hits.append(
                ContextHit(
                    tokens[index].start,
                    tokens[index + 1].end,
                    f"the {word} of",
                    _NOUN_FORM_PLAIN,
                    _NOUN_FORM_DEFINITION,
                )
            )
    return _without_overlaps(hits)


def _stack_hit(
    text: str, tokens: Sequence[Token], words: Sequence[str], index: int
) -> ContextHit | None:
    """A describing word or noun stack before an abstract noun ("likely demand")."""
    first = index
    strong = 0
    head = words[index]
    while first > 0 and _plain_gap(text, tokens[first - 1], tokens[first]):
        before = words[first - 1]
        if (
            first > 1
            and text[tokens[first - 2].end : tokens[first - 1].start] == "-"
            and head in SHAPE_HEADS
            and before not in _PLAIN_COMPOUND_ENDS
        ):
            # A describing word made with a hyphen: "long-term impact", "18-week standard".
            strong += 1
            first -= 2
            continue
        if before in DESCRIBING_WORDS or before in ABSTRACT_NOUNS:
            if before in DESCRIBING_WORDS and before not in _WEAK_DESCRIBING:
                strong += 1
        elif head in SHAPE_HEADS and _looks_describing(before):
            strong += 1
        else:
            break
        first -= 1
    length = index - first + 1
    if length < 2:
        return None
    if length == 2 and (strong == 0 or (words[first], words[index]) in _PLAIN_PAIRS):
        return None
    if tokens[first].text[:1].isupper() and tokens[index].text[:1].isupper():
        return None  # a name, such as "Future Priorities": the name check reads those
    phrase = " ".join(words[first : index + 1])
    return ContextHit(
        tokens[first].start, tokens[index].end, phrase, _STACK_PLAIN, _STACK_DEFINITION
    )


def _looks_describing(word: str) -> bool:
    """Whether a long word looks like a describing word by its ending ("graduated", "varying")."""
    return (
        len(word) >= 7
        and word.endswith(_DESCRIBING_ENDINGS)
        and word not in _NOT_DESCRIBING
        and "'" not in word
    )


def _verb_hit(
    text: str, tokens: Sequence[Token], words: Sequence[str], index: int
) -> ContextHit | None:
    """A management verb with an abstract object ("drive improvement")."""
    allowed = _NARROW_VERBS.get(words[index], ABSTRACT_OBJECTS)
    position = index + 1
    while position < len(tokens) and position <= index + 3:
        if not _plain_gap(text, tokens[position - 1], tokens[position]):
            return None
        word = words[position]
        if word in allowed:
            phrase = " ".join(words[index : position + 1])
            return ContextHit(
                tokens[index].start, tokens[position].end, phrase, _VERB_PLAIN, _VERB_DEFINITION
            )
        if word not in _BETWEEN_VERB_AND_OBJECT:
            return None
        position += 1
    return None


def _without_overlaps(hits: list[ContextHit]) -> list[ContextHit]:
    kept: list[ContextHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
